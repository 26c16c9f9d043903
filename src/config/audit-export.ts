/**
 * The audit export's settings: AUDIT_EXPORT_TOKEN, the admin token that
 * opens `GET /audit/export` (unset: the route answers 404), and
 * PUBLIC_URL, the bot's base URL as people reach it, used for the
 * one-time download links Teams admins get (unset: the address the bot
 * listens on, which only works on the same machine).
 */
import { type EnvReader, isLoopbackHost } from "./env-reader.js";
import type { AuditExportConfig } from "./types.js";

/** Long enough that guessing is hopeless (e.g. `openssl rand -hex 32` gives 64). */
const MIN_TOKEN_LENGTH = 32;

/** Parses AUDIT_EXPORT_TOKEN and PUBLIC_URL; problems go to `env`. */
export function parseAuditExport(env: EnvReader): AuditExportConfig {
  const token = env.get("AUDIT_EXPORT_TOKEN");
  // The value is secret: messages say how long it is, never what it is.
  if (token !== undefined && (token.length < MIN_TOKEN_LENGTH || token.length > 1024)) {
    env.problem(`AUDIT_EXPORT_TOKEN must be ${MIN_TOKEN_LENGTH} to 1024 characters (it has ${token.length}); generate one with: openssl rand -hex 32`);
  }
  if (token !== undefined && /\s/.test(token)) env.problem("AUDIT_EXPORT_TOKEN must not contain spaces");
  return { token: token ?? null, publicUrl: parsePublicUrl(env) };
}

function parsePublicUrl(env: EnvReader): URL | null {
  const raw = env.get("PUBLIC_URL");
  if (raw === undefined) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    env.problem(`PUBLIC_URL must be an absolute URL such as https://bot.example.com (got "${raw}")`);
    return null;
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    env.problem(`PUBLIC_URL must use https (plain http only for loopback hosts) (got "${url.origin}")`);
  }
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    env.problem("PUBLIC_URL must be a plain base URL without query, fragment or credentials");
  }
  return url;
}
