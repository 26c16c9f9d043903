-- Triage actions taken in chat on a security access review (PRODUCT 4.4):
-- item actions (revoke, restore, flag), review actions (close, restore all),
-- updates (extend, reviewers) and comments. One row per click: the
-- idempotency key makes a duplicate delivery find the first outcome, and
-- the partial unique index lets only one click per (review, item, action)
-- be under way at a time, across replicas.
CREATE TABLE triage_actions (
  id uuid PRIMARY KEY,
  sar_id text NOT NULL,
  -- The access item of an item action; NULL for review-level actions.
  access_id text,
  action text NOT NULL,
  idempotency_key text NOT NULL UNIQUE,
  state text NOT NULL CHECK (state IN ('pending', 'done', 'failed', 'unknown')),
  -- Who clicked: platform, tenant, chat user, Okta user, login.
  actor jsonb NOT NULL,
  note text,
  -- What happened (the SAR comment posted, the item's name, the failure), once finished.
  outcome jsonb,
  created_at timestamptz NOT NULL,
  finished_at timestamptz,
  CHECK ((state IN ('pending', 'unknown')) = (finished_at IS NULL))
);

-- NULL access ids compare equal here (review actions), so one close at a time too.
CREATE UNIQUE INDEX triage_actions_one_under_way
  ON triage_actions (sar_id, COALESCE(access_id, ''), action)
  WHERE state IN ('pending', 'unknown');

CREATE INDEX triage_actions_by_sar ON triage_actions (sar_id, created_at);

-- Step-up challenges may carry an item action instead of a launch decision
-- (policy `approval.sar.remediate.stepUp`): the action runs after the sign-in.
ALTER TABLE step_up_challenges ALTER COLUMN launch_id DROP NOT NULL;
ALTER TABLE step_up_challenges ADD COLUMN triage_action jsonb;
ALTER TABLE step_up_challenges ADD CONSTRAINT step_up_challenges_subject
  CHECK ((launch_id IS NULL) <> (triage_action IS NULL));
