/**
 * Okta Event Hooks (`/okta/event-hooks`): on only when a shared secret is
 * configured. Okta sends the secret in the header named in the hook's
 * "Authentication field" (Authorization unless changed) on every request.
 */
import type { EnvReader } from "./env-reader.js";
import type { EventHooksConfig } from "./types.js";

/** Okta's default authentication field. */
export const DEFAULT_EVENT_HOOK_HEADER = "authorization";

/** Okta asks for at least this many characters (an authentication secret is 8-1024 characters there too). */
const MIN_SECRET_LENGTH = 16;

/** Parses OKTA_EVENT_HOOK_SECRET and OKTA_EVENT_HOOK_HEADER; problems go to `env`. */
export function parseEventHooks(env: EnvReader): EventHooksConfig {
  const secret = env.get("OKTA_EVENT_HOOK_SECRET");
  const header = env.get("OKTA_EVENT_HOOK_HEADER");
  if (secret === undefined) {
    if (header !== undefined) env.problem("OKTA_EVENT_HOOK_HEADER is set but OKTA_EVENT_HOOK_SECRET is not: set the secret to turn on /okta/event-hooks, or unset the header");
    return { mode: "off" };
  }
  // The value is secret: messages say how long it is, never what it is.
  if (secret.length < MIN_SECRET_LENGTH || secret.length > 1024) {
    env.problem(`OKTA_EVENT_HOOK_SECRET must be ${MIN_SECRET_LENGTH} to 1024 characters (it has ${secret.length}); generate one with: openssl rand -hex 32`);
  }
  const headerName = (header ?? DEFAULT_EVENT_HOOK_HEADER).toLowerCase();
  if (!/^[a-z0-9!#$%&'*+.^_`|~-]{1,64}$/.test(headerName)) {
    env.problem(`OKTA_EVENT_HOOK_HEADER must be an HTTP header name such as Authorization or X-Okta-Hook-Secret (got "${header ?? ""}")`);
  }
  return { mode: "on", secret, headerName };
}
