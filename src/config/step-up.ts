/**
 * Step-up sign-in for approvals (policy `stepUp: true`, docs/step-up.md):
 * the Okta OIDC web app whose authorization-code flow proves the approver.
 * With the built-in sandbox (OKTA_ORG_URL unset) nothing is needed: the
 * sandbox registers a demo web app. With a real org the app's client id and
 * secret are set, and PUBLIC_URL says where Okta redirects back to.
 */
import type { EnvReader } from "./env-reader.js";
import type { StepUpConfig } from "./types.js";

/** Parses STEP_UP_CLIENT_ID and STEP_UP_CLIENT_SECRET; problems go to `env`. */
export function parseStepUp(env: EnvReader, context: { sandbox: boolean; publicUrlSet: boolean }): StepUpConfig {
  const clientId = env.get("STEP_UP_CLIENT_ID");
  const clientSecret = env.get("STEP_UP_CLIENT_SECRET");
  if (clientId === undefined && clientSecret === undefined) return context.sandbox ? { mode: "sandbox" } : { mode: "off" };
  if (context.sandbox) {
    env.problem("STEP_UP_CLIENT_ID and STEP_UP_CLIENT_SECRET are for a real Okta org (OKTA_ORG_URL); the built-in sandbox registers its own demo web app, so unset them");
    return { mode: "sandbox" };
  }
  if (clientId === undefined || clientSecret === undefined) {
    env.problem(`${clientId === undefined ? "STEP_UP_CLIENT_ID" : "STEP_UP_CLIENT_SECRET"} is missing: step-up needs both the OIDC web app's client id and its client secret`);
    return { mode: "off" };
  }
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(clientId)) env.problem(`STEP_UP_CLIENT_ID must be an Okta client id such as 0oa1b2c3d4e5f6g7h8i9 (got "${clientId}")`);
  // Secret: say how long, never what.
  if (clientSecret.length < 16 || clientSecret.length > 1024) env.problem(`STEP_UP_CLIENT_SECRET must be 16 to 1024 characters (it has ${clientSecret.length})`);
  if (!context.publicUrlSet) env.problem("STEP_UP_CLIENT_ID is set but PUBLIC_URL is not: Okta redirects the approver to PUBLIC_URL/stepup/callback");
  return { mode: "on", clientId, clientSecret };
}
