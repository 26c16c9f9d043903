-- Identity links are read on every command, so each process keeps them in
-- memory (src/adapters/postgres/identity-link-cache.ts). Every change to
-- the table, by any replica or by hand, tells the others which chat user's
-- link changed, so an admin's link takes effect at once everywhere. The
-- payload is a JSON array [platform, tenant_id, chat_user_id]; '*' says
-- the whole table changed (TRUNCATE).
CREATE FUNCTION identity_link_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('oig_identity_links', '*');
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM pg_notify('oig_identity_links', json_build_array(OLD.platform, OLD.tenant_id, OLD.chat_user_id)::text);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM pg_notify('oig_identity_links', json_build_array(NEW.platform, NEW.tenant_id, NEW.chat_user_id)::text);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER identity_links_changed
  AFTER INSERT OR UPDATE OR DELETE ON identity_links
  FOR EACH ROW EXECUTE FUNCTION identity_link_changed();

CREATE TRIGGER identity_links_truncated
  AFTER TRUNCATE ON identity_links
  FOR EACH STATEMENT EXECUTE FUNCTION identity_link_changed();
