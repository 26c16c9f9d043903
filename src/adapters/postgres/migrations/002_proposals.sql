-- Okta risk events that propose a security access review: one row per
-- (Okta user, window). Events for the same user while a row's window is
-- open update that row (and its card) instead of opening another.

CREATE TABLE proposals (
  id uuid PRIMARY KEY,
  okta_user_id text NOT NULL,
  user_login text NOT NULL,
  user_display_name text,
  opened_at timestamptz NOT NULL,
  window_ends_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  event_count integer NOT NULL DEFAULT 1 CHECK (event_count >= 1),
  -- The first and the latest event as the core summarised them (type, uuid, when, what Okta saw).
  first_event jsonb NOT NULL,
  last_event jsonb NOT NULL,
  event_types jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- Chat message id of the card per platform ({"slack": "1700000000.000100", "teams": "1:abc"}).
  messages jsonb NOT NULL DEFAULT '{}'::jsonb,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL,
  CHECK (window_ends_at > opened_at)
);

CREATE INDEX proposals_open_by_user ON proposals (okta_user_id, window_ends_at DESC);
