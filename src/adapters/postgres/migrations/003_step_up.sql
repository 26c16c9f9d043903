-- Step-up authentication for approvals (policy `stepUp: true`): an approver's
-- Approve counts only after a fresh Okta sign-in. Each challenge is single
-- use (consumed_at set by one conditional UPDATE) and short-lived.
CREATE TABLE step_up_challenges (
  -- SHA-256 (hex) of the secret in the approver's private link; the secret itself is never stored.
  id text PRIMARY KEY,
  launch_id uuid NOT NULL REFERENCES launches (id),
  approver_okta_user_id text NOT NULL,
  approver_platform text NOT NULL,
  approver_tenant_id text NOT NULL,
  approver_chat_user_id text NOT NULL,
  state text NOT NULL UNIQUE,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  acr_values text,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz,
  CHECK (expires_at > created_at)
);

CREATE INDEX step_up_challenges_expires_at ON step_up_challenges (expires_at);

-- What the sign-in proved (issuer, sub, auth_time, acr, jti, nonce), on the decision it made count.
ALTER TABLE launch_decisions ADD COLUMN verification jsonb;
