/**
 * The Okta section: sandbox when no org is set, else exactly one of OAuth
 * 2.0 private_key_jwt (recommended) or an SSWS API token.
 */
import { resolve } from "node:path";
import { adminHostProblem } from "../adapters/okta/org-hosts.js";
import { type EnvReader, isLoopbackHost } from "./env-reader.js";
import type { OktaConfig } from "./types.js";
import { BOT_SCOPES } from "../sandbox/okta-scopes.js";

/** Scopes of the operations the bot calls (governance.yaml / management.yaml `security`): the sandbox's list. */
export const defaultOktaScopes: readonly string[] = BOT_SCOPES;

const oauthVariables = ["OKTA_CLIENT_ID", "OKTA_PRIVATE_KEY", "OKTA_PRIVATE_KEY_FILE", "OKTA_KEY_ID"];

export interface OktaOptions {
  cwd: string;
  readFile: (path: string) => string;
}

/** Parses the OKTA_* variables; problems go to `env`. */
export function parseOkta(env: EnvReader, options: OktaOptions): OktaConfig {
  const dpop = env.boolean("OKTA_DPOP", false);
  const scopes = parseScopes(env);
  const rawOrgUrl = env.get("OKTA_ORG_URL");
  const oauthSet = oauthVariables.filter((name) => env.has(name));
  const tokenSet = env.has("OKTA_API_TOKEN");

  if (rawOrgUrl === undefined) {
    const stray = [...oauthSet, ...(tokenSet ? ["OKTA_API_TOKEN"] : []), ...(env.has("OKTA_ADMIN_URL") ? ["OKTA_ADMIN_URL"] : [])];
    // Credentials without an org would silently run against the sandbox.
    if (stray.length > 0) env.problem(`${stray.join(", ")} ${stray.length === 1 ? "is" : "are"} set but OKTA_ORG_URL is not; set OKTA_ORG_URL to your org (e.g. https://acme.okta.com)`);
    return { kind: "sandbox" };
  }
  const orgUrl = parseBaseUrl(env, "OKTA_ORG_URL", rawOrgUrl, "https://acme.okta.com");
  const adminUrl = parseAdminUrl(env, orgUrl);
  const admin = adminUrl === undefined ? {} : { adminUrl };

  if (oauthSet.length > 0 && tokenSet) {
    env.problem(`both OAuth 2.0 (${oauthSet.join(", ")}) and OKTA_API_TOKEN are set; the choice is ambiguous, keep one (OAuth 2.0 is recommended)`);
    return { kind: "sandbox" };
  }
  if (tokenSet) {
    return orgUrl ? { kind: "ssws", orgUrl, ...admin, apiToken: env.get("OKTA_API_TOKEN")! } : { kind: "sandbox" };
  }
  if (oauthSet.length === 0) {
    env.problem(
      "OKTA_ORG_URL is set but no Okta credentials are: set OKTA_CLIENT_ID with OKTA_PRIVATE_KEY or OKTA_PRIVATE_KEY_FILE (OAuth 2.0 private_key_jwt), or OKTA_API_TOKEN (SSWS)",
    );
    return { kind: "sandbox" };
  }

  const clientId = env.get("OKTA_CLIENT_ID");
  const keyVariable = ["OKTA_PRIVATE_KEY", "OKTA_PRIVATE_KEY_FILE"].find((name) => env.has(name));
  if (clientId === undefined || keyVariable === undefined) {
    const missing = [...(clientId === undefined ? ["OKTA_CLIENT_ID"] : []), ...(keyVariable === undefined ? ["OKTA_PRIVATE_KEY (or OKTA_PRIVATE_KEY_FILE)"] : [])];
    env.problem(`${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} missing: private_key_jwt needs the service app's client id and private key (${oauthSet.join(", ")} ${oauthSet.length === 1 ? "is" : "are"} set)`);
    return { kind: "sandbox" };
  }
  const privateKey = readPrivateKey(env, options);
  if (!orgUrl || privateKey === undefined) return { kind: "sandbox" };
  const keyId = env.get("OKTA_KEY_ID");
  return { kind: "privateKeyJwt", orgUrl, ...admin, clientId, privateKey, ...(keyId === undefined ? {} : { keyId }), dpop, scopes };
}

/** An org-style base URL from `name`: https (plain http for loopback only), no credentials, path or query. */
function parseBaseUrl(env: EnvReader, name: string, raw: string, example: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    env.problem(`${name} is not a URL (got "${raw}"); expected e.g. ${example}`);
    return undefined;
  }
  if (url.username !== "" || url.password !== "") {
    env.problem(`${name} must not carry credentials (user:password@)`);
    return undefined;
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    env.problem(`${name} must use https: tokens would cross the network in clear text (plain http is accepted only for loopback hosts such as 127.0.0.1, got ${url.origin})`);
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    env.problem(`${name} must be an https URL (got ${url.protocol})`);
    return undefined;
  }
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "") {
    env.problem(`${name} must be the ${name === "OKTA_ORG_URL" ? "org's" : "admin host's"} base URL without a path or query (e.g. ${url.origin})`);
    return undefined;
  }
  return new URL(url.origin);
}

/**
 * OKTA_ADMIN_URL: the org's admin host, where Okta's governance paging links point. Needed only
 * where it cannot be derived from the org URL (custom domains, a sandbox started on its own); the
 * bot's tokens go there, so a host unrelated to the org is refused.
 */
function parseAdminUrl(env: EnvReader, orgUrl: URL | undefined): URL | undefined {
  const raw = env.get("OKTA_ADMIN_URL");
  if (raw === undefined) return undefined;
  const adminUrl = parseBaseUrl(env, "OKTA_ADMIN_URL", raw, "https://acme-admin.okta.com");
  if (adminUrl === undefined || orgUrl === undefined) return undefined;
  const problem = adminHostProblem(orgUrl, adminUrl);
  if (problem !== undefined) {
    env.problem(`OKTA_ADMIN_URL ${problem}; unset it where the admin host can be derived (*.okta.com-style orgs)`);
    return undefined;
  }
  return adminUrl;
}

function parseScopes(env: EnvReader): string[] {
  const raw = env.get("OKTA_SCOPES");
  if (raw === undefined) return [...defaultOktaScopes];
  const scopes = [...new Set(raw.split(/[\s,]+/).filter((s) => s !== ""))];
  if (scopes.length === 0) env.problem("OKTA_SCOPES lists no scope; unset it for the default scopes");
  return scopes;
}

function readPrivateKey(env: EnvReader, options: OktaOptions): string | undefined {
  const inline = env.get("OKTA_PRIVATE_KEY");
  const file = env.get("OKTA_PRIVATE_KEY_FILE");
  if (inline !== undefined && file !== undefined) {
    env.problem("both OKTA_PRIVATE_KEY and OKTA_PRIVATE_KEY_FILE are set; keep one");
    return undefined;
  }
  const loaded =
    file !== undefined
      ? readKeyFile(env, options, file)
      : inline === undefined
        ? undefined
        : // A PEM pasted into one line of an environment variable keeps its `\n`s literal.
          { text: inline.startsWith("-----BEGIN") ? inline.replace(/\\n/g, "\n") : inline, source: "OKTA_PRIVATE_KEY" };
  if (loaded === undefined) return undefined;
  if (!looksLikePrivateKey(loaded.text)) {
    env.problem(`${loaded.source} is neither a PEM private key (-----BEGIN ... PRIVATE KEY-----) nor a private JWK (JSON with "kty" and "d")`);
    return undefined;
  }
  return loaded.text;
}

function readKeyFile(env: EnvReader, options: OktaOptions, file: string): { text: string; source: string } | undefined {
  const path = resolve(options.cwd, file);
  try {
    return { text: options.readFile(path).trim(), source: `the file at OKTA_PRIVATE_KEY_FILE (${path})` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    env.problem(`OKTA_PRIVATE_KEY_FILE cannot be read: ${path}${code === undefined ? "" : ` (${code})`}`);
    return undefined;
  }
}

function looksLikePrivateKey(text: string): boolean {
  if (/^-----BEGIN ([A-Z]+ )?PRIVATE KEY-----[\s\S]+-----END ([A-Z]+ )?PRIVATE KEY-----$/.test(text)) return true;
  try {
    const jwk = JSON.parse(text) as unknown;
    return typeof jwk === "object" && jwk !== null && typeof (jwk as { kty?: unknown }).kty === "string" && typeof (jwk as { d?: unknown }).d === "string";
  } catch {
    return false;
  }
}
