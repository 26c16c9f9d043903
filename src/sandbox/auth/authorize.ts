/**
 * `GET`/`POST /oauth2/v1/authorize`: the org authorization server's
 * authorization-code flow for web apps, with a small sign-in page listing
 * the demo users (one button each; the sandbox keeps no session, so every
 * request is a fresh sign-in and `max_age=0` is always met). PKCE S256,
 * `state` and `nonce` are required; `acr_values` is echoed as the ID
 * token's `acr` (the sandbox pretends its page meets it). The page posts
 * back to `POST /oauth2/v1/authorize` (Okta's `authorizeWithPost`) with the
 * same parameters plus the chosen `sandbox_user`, which redirects with the
 * code. Errors before the redirect URI is trusted get an HTML page, later
 * ones a redirect with `error` (RFC 6749 §4.1.2.1).
 */
import type { HttpMethod } from "../contract.js";
import type { PublicRequest, PublicResponse, PublicRoute } from "../public-route.js";
import type { SandboxClock } from "../clock.js";
import { DEFAULT_ACR } from "./code-grant.js";
import type { AuthorizationCodes } from "./code-grant.js";
import type { WebClients } from "./web-clients.js";

export const AUTHORIZE_PATH = "/oauth2/v1/authorize";

/** A person who may sign in at the sandbox's page. */
export interface SignInUser {
  id: string;
  login: string;
  displayName: string;
}

const PASSED_ON = ["client_id", "redirect_uri", "response_type", "response_mode", "scope", "state", "nonce", "code_challenge", "code_challenge_method", "max_age", "acr_values", "login_hint"] as const;

interface Checked {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string;
  nonce: string;
  codeChallenge: string;
  acr: string;
}

class PageError extends Error {}
class RedirectError extends Error {
  constructor(
    readonly error: string,
    description: string,
  ) {
    super(description);
  }
}

export function authorizeRoutes(deps: { clients: WebClients; codes: AuthorizationCodes; users: () => SignInUser[]; clock: SandboxClock }): PublicRoute[] {
  const route = (method: HttpMethod, operationId: string): PublicRoute => ({
    operationId,
    method,
    path: AUTHORIZE_PATH,
    bucket: "authorize",
    handle: (req) => authorize(deps, req, method === "POST" ? readForm(req) : req.query),
  });
  return [route("GET", "authorize"), route("POST", "authorizeWithPost")];
}

function authorize(
  deps: { clients: WebClients; codes: AuthorizationCodes; users: () => SignInUser[]; clock: SandboxClock },
  req: PublicRequest,
  params: URLSearchParams,
): PublicResponse {
  let checked: Checked;
  try {
    checked = check(params, deps.clients);
  } catch (error) {
    if (error instanceof PageError) return page(400, "Sign-in request not valid", `<p class="error">${escapeHtml(error.message)}</p>`);
    if (error instanceof RedirectError) {
      const to = new URL(params.get("redirect_uri") ?? "");
      to.searchParams.set("error", error.error);
      to.searchParams.set("error_description", error.message);
      const state = params.get("state");
      if (state) to.searchParams.set("state", state);
      return redirect(to);
    }
    throw error;
  }
  const chosen = req.method === "POST" ? params.get("sandbox_user") : null;
  const users = deps.users();
  if (chosen === null) return signInPage(params, users);
  const user = users.find((u) => u.id === chosen);
  if (user === undefined) return page(400, "Sign in", `<p class="error">That user cannot sign in here.</p>`);
  const code = deps.codes.issue({
    clientId: checked.clientId,
    redirectUri: checked.redirectUri,
    scopes: checked.scopes,
    codeChallenge: checked.codeChallenge,
    nonce: checked.nonce,
    sub: user.id,
    authTime: deps.clock.now(),
    acr: checked.acr,
  });
  const to = new URL(checked.redirectUri);
  to.searchParams.set("code", code);
  to.searchParams.set("state", checked.state);
  return redirect(to);
}

function check(params: URLSearchParams, clients: WebClients): Checked {
  for (const name of PASSED_ON) if (params.getAll(name).length > 1) throw new PageError(`The '${name}' parameter was repeated.`);
  const clientId = params.get("client_id") ?? "";
  const client = clients.get(clientId);
  if (client === undefined) throw new PageError("The 'client_id' is not a web app of this org.");
  const redirectUri = params.get("redirect_uri") ?? "";
  if (!client.redirectUris.includes(redirectUri)) throw new PageError("The 'redirect_uri' is not one of the app's sign-in redirect URIs.");
  if (params.get("response_type") !== "code") throw new RedirectError("unsupported_response_type", "Only response_type=code is supported.");
  const mode = params.get("response_mode");
  if (mode !== null && mode !== "query") throw new RedirectError("invalid_request", "Only response_mode=query is supported.");
  const scopes = [...new Set((params.get("scope") ?? "").split(" ").filter((s) => s !== ""))];
  if (!scopes.includes("openid")) throw new RedirectError("invalid_scope", "The 'openid' scope is required.");
  const unknown = scopes.filter((s) => !["openid", "profile", "email"].includes(s));
  if (unknown.length > 0) throw new RedirectError("invalid_scope", `The following scopes are not allowed: ${unknown.join(" ")}`);
  const state = params.get("state") ?? "";
  if (state === "" || state.length > 2048) throw new RedirectError("invalid_request", "The 'state' parameter is required.");
  const nonce = params.get("nonce") ?? "";
  if (nonce === "" || nonce.length > 2048) throw new RedirectError("invalid_request", "The 'nonce' parameter is required.");
  const codeChallenge = params.get("code_challenge") ?? "";
  if (params.get("code_challenge_method") !== "S256" || !/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) {
    throw new RedirectError("invalid_request", "PKCE is required: send code_challenge with code_challenge_method=S256.");
  }
  const maxAge = params.get("max_age");
  if (maxAge !== null && !/^\d{1,9}$/.test(maxAge)) throw new RedirectError("invalid_request", "The 'max_age' parameter must be a whole number of seconds.");
  if (params.get("prompt") === "none") throw new RedirectError("login_required", "The user is not signed in.");
  const acrValues = (params.get("acr_values") ?? "").split(" ").filter((s) => s !== "");
  return { clientId, redirectUri, scopes, state, nonce, codeChallenge, acr: acrValues[0] ?? DEFAULT_ACR };
}

function signInPage(params: URLSearchParams, users: SignInUser[]): PublicResponse {
  const hidden = PASSED_ON.flatMap((name) => {
    const value = params.get(name);
    return value === null ? [] : [`<input type="hidden" name="${name}" value="${escapeHtml(value)}">`];
  }).join("");
  const buttons = users
    .map((u) => `<li><button type="submit" name="sandbox_user" value="${escapeHtml(u.id)}">Sign in as ${escapeHtml(u.displayName)}</button> <small>${escapeHtml(u.login)}</small></li>`)
    .join("");
  return page(
    200,
    "Sign in to the Okta sandbox",
    `<p>Demo org: pick who you are. No password is needed in the sandbox.</p><form method="post" action="${AUTHORIZE_PATH}">${hidden}<ul>${buttons}</ul></form>`,
  );
}

function page(status: number, title: string, body: string): PublicResponse {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    `<style>body{font-family:sans-serif;max-width:40em;margin:2em auto}li{margin:.4em 0}.error{color:#b00}</style></head>` +
    `<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  return {
    status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Frame-Options": "DENY",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    },
    body: html,
  };
}

function redirect(to: URL): PublicResponse {
  return { status: 302, headers: { Location: to.href, "Cache-Control": "no-store" } };
}

function readForm(req: PublicRequest): URLSearchParams {
  const contentType = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  return contentType === "application/x-www-form-urlencoded" ? new URLSearchParams(req.rawBody.toString("utf8")) : new URLSearchParams();
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
