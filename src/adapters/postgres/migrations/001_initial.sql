-- The core's state: launches and decisions, identity links and cache,
-- watches, conversation references, inbound idempotency keys, audit trail.
-- Times are written by the application (its injected clock), not now().

CREATE TABLE launches (
  id uuid PRIMARY KEY,
  reference text NOT NULL UNIQUE,
  state text NOT NULL CHECK (state IN (
    'PENDING_APPROVAL', 'APPROVED', 'LAUNCHING', 'LAUNCHED', 'FAILED', 'DENIED', 'EXPIRED', 'CANCELED'
  )),
  requester_platform text NOT NULL,
  requester_tenant_id text NOT NULL,
  requester_chat_user_id text NOT NULL,
  requester_okta_user_id text NOT NULL,
  target_okta_user_id text NOT NULL,
  target_login text NOT NULL,
  reviewer_okta_user_ids text[] NOT NULL,
  sar_name text NOT NULL,
  sar_end_time timestamptz NOT NULL,
  reason text NOT NULL,
  incident_ref text,
  approval_required boolean NOT NULL,
  min_approvals integer NOT NULL CHECK (min_approvals >= 0),
  approval_expires_at timestamptz,
  conversation_platform text NOT NULL,
  conversation_tenant_id text NOT NULL,
  conversation_id text NOT NULL,
  -- '' when the flow has no thread, so the key stays comparable with =.
  conversation_thread_id text NOT NULL DEFAULT '',
  approval_message_id text,
  attempts integer NOT NULL DEFAULT 0,
  sar_id text,
  sar_status text,
  failure_code text,
  failure_message text,
  resolved_by_okta_user_id text,
  resolution_reason text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1
);

-- The expiry sweep and the recovery sweep only ever look at live launches,
-- so partial indexes keep their cost independent of history.
CREATE INDEX launches_pending_expiry ON launches (approval_expires_at) WHERE state = 'PENDING_APPROVAL';
CREATE INDEX launches_in_flight ON launches (updated_at) WHERE state IN ('APPROVED', 'LAUNCHING');
CREATE UNIQUE INDEX launches_sar_id ON launches (sar_id) WHERE sar_id IS NOT NULL;

-- Mirrors LAUNCH_TRANSITIONS in src/governance/store.ts: even a hand-written
-- UPDATE cannot skip the state machine.
CREATE FUNCTION launches_check_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.state = OLD.state THEN
    RETURN NEW;
  END IF;
  IF (OLD.state, NEW.state) IN (
    ('PENDING_APPROVAL', 'APPROVED'), ('PENDING_APPROVAL', 'DENIED'),
    ('PENDING_APPROVAL', 'EXPIRED'), ('PENDING_APPROVAL', 'CANCELED'),
    ('APPROVED', 'LAUNCHING'),
    ('LAUNCHING', 'LAUNCHED'), ('LAUNCHING', 'FAILED'), ('LAUNCHING', 'APPROVED')
  ) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'launch % may not move from % to %', OLD.id, OLD.state, NEW.state
    USING ERRCODE = 'check_violation';
END;
$$;

CREATE TRIGGER launches_transition BEFORE UPDATE OF state ON launches
  FOR EACH ROW EXECUTE FUNCTION launches_check_transition();

CREATE TABLE launch_decisions (
  launch_id uuid NOT NULL REFERENCES launches (id),
  approver_okta_user_id text NOT NULL,
  approver_platform text NOT NULL,
  approver_tenant_id text NOT NULL,
  approver_chat_user_id text NOT NULL,
  decision text NOT NULL CHECK (decision IN ('approve', 'deny')),
  reason text,
  decided_at timestamptz NOT NULL,
  PRIMARY KEY (launch_id, approver_okta_user_id)
);

CREATE TABLE identity_links (
  platform text NOT NULL,
  tenant_id text NOT NULL,
  chat_user_id text NOT NULL,
  okta_user_id text NOT NULL,
  okta_login text NOT NULL,
  linked_by_platform text NOT NULL,
  linked_by_tenant_id text NOT NULL,
  linked_by_chat_user_id text NOT NULL,
  linked_by_okta_user_id text NOT NULL,
  linked_at timestamptz NOT NULL,
  PRIMARY KEY (platform, tenant_id, chat_user_id)
);

CREATE INDEX identity_links_okta_user ON identity_links (okta_user_id);

CREATE TABLE identity_cache (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  expires_at timestamptz NOT NULL
);

CREATE INDEX identity_cache_expiry ON identity_cache (expires_at);

CREATE TABLE watches (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('sar', 'request')),
  okta_id text NOT NULL,
  conversation_platform text NOT NULL,
  conversation_tenant_id text NOT NULL,
  conversation_id text NOT NULL,
  conversation_thread_id text NOT NULL DEFAULT '',
  last_status text,
  last_checked_at timestamptz,
  next_check_at timestamptz NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_by_okta_user_id text,
  created_at timestamptz NOT NULL,
  UNIQUE (kind, okta_id, conversation_platform, conversation_tenant_id, conversation_id, conversation_thread_id)
);

CREATE INDEX watches_due ON watches (next_check_at, id) WHERE active;
CREATE INDEX watches_active_kind ON watches (kind, okta_id) WHERE active;

CREATE TABLE conversation_references (
  platform text NOT NULL,
  tenant_id text NOT NULL,
  conversation_id text NOT NULL,
  thread_id text NOT NULL DEFAULT '',
  reference jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (platform, tenant_id, conversation_id, thread_id)
);

CREATE TABLE inbound_claims (
  key text PRIMARY KEY,
  claimed_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);

CREATE INDEX inbound_claims_expiry ON inbound_claims (expires_at);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_platform text,
  actor_tenant_id text,
  actor_chat_user_id text,
  actor_okta_user_id text,
  action text NOT NULL,
  target_okta_user_id text,
  target_sar_id text,
  target_request_id text,
  outcome text NOT NULL,
  reason text,
  -- No foreign key: the trail outlives whatever it mentions.
  launch_id uuid,
  correlation_id text,
  details jsonb NOT NULL DEFAULT '{}'
);

CREATE INDEX audit_log_actor ON audit_log (actor_okta_user_id, id DESC) WHERE actor_okta_user_id IS NOT NULL;
CREATE INDEX audit_log_target_user ON audit_log (target_okta_user_id, id DESC) WHERE target_okta_user_id IS NOT NULL;
CREATE INDEX audit_log_launch ON audit_log (launch_id, id DESC) WHERE launch_id IS NOT NULL;
CREATE INDEX audit_log_sar ON audit_log (target_sar_id, id DESC) WHERE target_sar_id IS NOT NULL;
CREATE INDEX audit_log_request ON audit_log (target_request_id, id DESC) WHERE target_request_id IS NOT NULL;

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
