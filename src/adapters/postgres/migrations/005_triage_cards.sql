-- Triage cards (PRODUCT.md 4.4): the chat messages that show a review's
-- shared card, so actions and the watch update them in place; the one
-- claim that lets the launch thread get its card once, whichever replica
-- saw the review become ACTIVE first; and what the watch last saw of each
-- review it follows (a fingerprint of its status and first page of items).
CREATE TABLE triage_cards (
  sar_id text NOT NULL,
  conversation_platform text NOT NULL,
  conversation_tenant_id text NOT NULL,
  conversation_id text NOT NULL,
  conversation_thread_id text NOT NULL DEFAULT '',
  message_id text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (sar_id, conversation_platform, conversation_tenant_id, conversation_id, conversation_thread_id, message_id)
);

-- One row per review whose launch thread got (or is getting) its card.
CREATE TABLE triage_postings (
  sar_id text PRIMARY KEY,
  claimed_at timestamptz NOT NULL
);

-- Reviews with at least one card; the watch stops following a review once it saw it CLOSED.
CREATE TABLE triage_follows (
  sar_id text PRIMARY KEY,
  -- What the watch saw last; NULL before its first look.
  fingerprint text,
  last_checked_at timestamptz,
  closed boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);

CREATE INDEX triage_follows_due ON triage_follows (last_checked_at NULLS FIRST, created_at, sar_id) WHERE NOT closed;
