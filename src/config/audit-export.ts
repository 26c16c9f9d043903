/**
 * The audit export's setting: AUDIT_EXPORT_TOKEN, the admin token that
 * opens `GET /audit/export` (unset: the route answers 404).
 */
import type { EnvReader } from "./env-reader.js";
import type { AuditExportConfig } from "./types.js";

/** Long enough that guessing is hopeless (e.g. `openssl rand -hex 32` gives 64). */
const MIN_TOKEN_LENGTH = 32;

/** Parses AUDIT_EXPORT_TOKEN; problems go to `env`. */
export function parseAuditExport(env: EnvReader): AuditExportConfig {
  const token = env.get("AUDIT_EXPORT_TOKEN");
  // The value is secret: messages say how long it is, never what it is.
  if (token !== undefined && (token.length < MIN_TOKEN_LENGTH || token.length > 1024)) {
    env.problem(`AUDIT_EXPORT_TOKEN must be ${MIN_TOKEN_LENGTH} to 1024 characters (it has ${token.length}); generate one with: openssl rand -hex 32`);
  }
  if (token !== undefined && /\s/.test(token)) env.problem("AUDIT_EXPORT_TOKEN must not contain spaces");
  return { token: token ?? null };
}
