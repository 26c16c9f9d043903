/**
 * The Okta part of the doctor: a token for the bot's scopes, each scope on
 * its own (granted or missing), then each permission through a harmless
 * call (allowed or 403).
 */
import type { CryptoKeyPair } from "openid-client";
import type { Logger } from "pino";
import { createOktaClient, OktaNotFound, type OktaAuth } from "../adapters/okta/index.js";
import { processDpopKeyPair } from "../adapters/okta/dpop.js";
import { explainOktaError } from "./okta-explain.js";
import { grantScopeSteps, SCOPE_USES } from "./okta-fixes.js";
import { PROBES, type Probe } from "./okta-probes.js";
import type { OktaTarget } from "./okta-target.js";
import { requestToken, type OAuthTarget, type TokenDeps } from "./okta-token.js";
import type { DoctorCheck } from "./types.js";

export interface OktaCheckDeps {
  fetch: typeof fetch;
  logger: Logger;
  /** Per-request timeout. */
  timeoutMs: number;
}

const WRITE_ONLY_NOTE = "Its operations write, so the doctor checks only that Okta issues a token for it.";
const writeOnly = (scope: string) => !PROBES.some((probe) => probe.scope === scope);

/** Runs every Okta check against `target`. */
export async function checkOkta(target: OktaTarget, deps: OktaCheckDeps): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [{ id: "okta.org", area: "okta", title: "org", status: "ok", detail: target.description }];
  let auth: OktaAuth = target.auth;
  if (target.auth.kind === "privateKeyJwt") {
    const { clientId, privateKey, keyId, dpop } = target.auth;
    const oauth: OAuthTarget = { orgUrl: target.orgUrl, clientId, privateKey, dpop, ...(keyId === undefined ? {} : { keyId }) };
    const dpopKeyPair: CryptoKeyPair | undefined = dpop ? await processDpopKeyPair() : undefined;
    const tokens = await checkTokens(target, oauth, { ...deps, ...(dpopKeyPair ? { dpopKeyPair } : {}) });
    checks.push(...tokens.checks);
    if (tokens.granted.length === 0) return [...checks, ...PROBES.map((probe) => skipped(probe, "no token, so no call was made"))];
    // Calls go out with the granted scopes, so each missing one shows up on its own operations only.
    auth = { ...target.auth, scopes: tokens.granted };
  }
  const okta = createOktaClient({ orgUrl: target.orgUrl, ...(target.adminUrl !== undefined && { adminUrl: target.adminUrl }), auth, logger: deps.logger, fetch: deps.fetch, retry: "never", timeoutMs: deps.timeoutMs });
  for (const probe of PROBES) checks.push(await runProbe(probe, okta, target));
  return checks;
}

interface TokenChecks {
  checks: DoctorCheck[];
  granted: string[];
}

async function checkTokens(target: OktaTarget, oauth: OAuthTarget, deps: TokenDeps): Promise<TokenChecks> {
  const scopes = target.scopes;
  const all = await requestToken(oauth, scopes, deps);
  const title = `token (${scopes.length} scopes)`;
  if (!all.ok && !all.scopeRefused) {
    // Anything but a refused scope (bad key, DPoP, Okta down) would fail every request alike.
    const verdict = explainOktaError(all.error, target.context);
    const skippedScopes = scopes.map((scope) => scopeCheck(scope, "skipped", "not checked: no token could be obtained at all"));
    return { checks: [{ id: "okta.token", area: "okta", title, ...verdict }, ...skippedScopes], granted: [] };
  }
  const tokenCheck: DoctorCheck = all.ok
    ? { id: "okta.token", area: "okta", title, status: "ok", detail: `Okta issued a ${all.tokenType} token for the scopes the bot asks for: ${scopes.join(", ")}.` }
    : {
        id: "okta.token",
        area: "okta",
        title,
        status: "failing",
        detail: `Okta refused the token request (${errorMessage(all.error)}). The bot asks for all its scopes in one request, so it gets no token at all until every scope marked missing below is granted.`,
        fix: ["Grant the scopes marked missing below (each says how), or remove them from OKTA_SCOPES."],
      };

  const outcomes = await Promise.all(scopes.map(async (scope) => ({ scope, outcome: await requestToken(oauth, [scope], deps) })));
  const checks: DoctorCheck[] = [tokenCheck];
  const granted: string[] = [];
  for (const { scope, outcome } of outcomes) {
    const use = SCOPE_USES[scope] === undefined ? "" : ` The bot uses it to ${SCOPE_USES[scope]}.`;
    const note = writeOnly(scope) ? ` ${WRITE_ONLY_NOTE}` : "";
    if (outcome.ok) {
      granted.push(scope);
      checks.push(scopeCheck(scope, "ok", `granted: Okta issues a token for this scope.${use}${note}`));
    } else if (outcome.scopeRefused) {
      checks.push({
        ...scopeCheck(scope, "missing", `not granted: Okta refused a token for this scope (${errorMessage(outcome.error)}).${use}`),
        fix: grantScopeSteps(scope, target.context, target.context.scopesOverridden),
      });
    } else {
      checks.push({ ...scopeCheck(scope, "failing", ""), ...explainOktaError(outcome.error, target.context) });
    }
  }
  return { checks, granted };
}

function scopeCheck(scope: string, status: DoctorCheck["status"], detail: string): DoctorCheck {
  return { id: `okta.scope.${scope}`, area: "okta", title: `scope ${scope}`, status, detail };
}

async function runProbe(probe: Probe, okta: ReturnType<typeof createOktaClient>, target: OktaTarget): Promise<DoctorCheck> {
  const base = { id: `okta.permission.${probe.id}`, area: "okta" as const, title: probe.title };
  try {
    return { ...base, status: "ok", detail: await probe.run(okta) };
  } catch (error) {
    if (probe.notFoundProvesAccess && error instanceof OktaNotFound) {
      return { ...base, status: "ok", detail: "allowed: Okta answered 404 for a user that does not exist, so the call itself is permitted" };
    }
    return { ...base, ...explainOktaError(error, target.context, probe.need) };
  }
}

function skipped(probe: Probe, why: string): DoctorCheck {
  return { id: `okta.permission.${probe.id}`, area: "okta", title: probe.title, status: "skipped", detail: `not checked: ${why}` };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
