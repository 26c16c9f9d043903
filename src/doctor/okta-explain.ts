/**
 * Turns the Okta client's typed errors into a doctor verdict: what failed,
 * the client's own hint, and the Admin Console steps that fix it.
 */
import {
  OktaBadRequest,
  OktaError,
  OktaForbidden,
  OktaRateLimited,
  OktaUnauthorized,
  OktaUnavailable,
  PrivateKeyError,
} from "../adapters/okta/index.js";
import {
  adminRoleSteps,
  apiTokenRoleSteps,
  apiTokenSteps,
  credentialSteps,
  dpopSteps,
  grantScopeSteps,
  unreachableSteps,
  type AppRef,
  type PermissionNeed,
} from "./okta-fixes.js";
import type { CheckStatus } from "./types.js";

export interface Verdict {
  status: CheckStatus;
  detail: string;
  fix?: string[];
}

/** How the bot authenticates, as far as fixing an error goes. */
export interface AuthContext extends AppRef {
  kind: "privateKeyJwt" | "ssws";
  dpop: boolean;
  scopesOverridden: boolean;
}

const mentionsDpop = (err: OktaError): boolean => /dpop/i.test(`${err.message} ${err.hint}`);

/** Okta's error id, for a support ticket, when it sent one. */
const errorIdOf = (err: OktaError): string => (err.errorId === undefined ? "" : ` (Okta errorId ${err.errorId})`);

/** Explains a failure of the token request or of an API call. */
export function explainOktaError(err: unknown, ctx: AuthContext, need?: PermissionNeed): Verdict {
  if (err instanceof PrivateKeyError) {
    return {
      status: "failing",
      detail: `The private key cannot be used: ${err.message}.`,
      fix: ["Make a new key pair with npm run okta:keygen and register its public JWK (see docs/okta-setup.md)."],
    };
  }
  if (!(err instanceof OktaError)) {
    return { status: "failing", detail: `Unexpected error: ${err instanceof Error ? err.message : String(err)}` };
  }
  const where = `${err.message}${errorIdOf(err)}`;
  if (err instanceof OktaForbidden) {
    if (err.missingScope !== undefined) {
      return { status: "failing", detail: `403 ${where}. ${err.hint}`, fix: grantScopeSteps(err.missingScope, ctx, ctx.scopesOverridden) };
    }
    if (need === undefined) return { status: "failing", detail: `403 ${where}. ${err.hint}` };
    return { status: "failing", detail: `403 ${where}. ${err.hint}`, fix: ctx.kind === "ssws" ? apiTokenRoleSteps(need, ctx) : adminRoleSteps(need, ctx) };
  }
  if (err instanceof OktaUnauthorized) {
    const fix = mentionsDpop(err) ? dpopSteps(ctx, ctx.dpop) : ctx.kind === "ssws" ? apiTokenSteps(ctx) : credentialSteps(ctx);
    return { status: "failing", detail: `${where}. ${err.hint}`, fix };
  }
  if (err instanceof OktaBadRequest && mentionsDpop(err)) {
    return { status: "failing", detail: `${where}. ${err.hint}`, fix: dpopSteps(ctx, ctx.dpop) };
  }
  if (err instanceof OktaRateLimited) {
    const seconds = Math.max(1, Math.ceil(err.retryAfterMs / 1000));
    return { status: "failing", detail: `${where}. ${err.hint}`, fix: [`Okta's rate limit is used up; run npm run doctor again in ${seconds} s.`] };
  }
  if (err instanceof OktaUnavailable) {
    return { status: "failing", detail: `Okta did not answer: ${where}.`, fix: unreachableSteps(ctx) };
  }
  return { status: "failing", detail: `${where}. ${err.hint}` };
}
