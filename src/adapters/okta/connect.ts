/**
 * From the bot's Okta settings to what the Okta client needs: the org URL,
 * the admin host (known only for the sandbox; a real org's is derived by
 * the client) and the credentials. Without OKTA_ORG_URL the in-process
 * sandbox org starts here, so `npm start` works with no Okta org at all.
 */
import type { Logger } from "pino";
import type { OktaConfig } from "../../config/types.js";
import type { RunningSandbox } from "../../sandbox/index.js";
import type { OktaAuth } from "./auth.js";

export interface OktaConnection {
  /** The in-process sandbox org, when no Okta org is configured (the caller closes it through `cleanup`). */
  sandbox: RunningSandbox | undefined;
  orgUrl: URL;
  adminUrl: URL | undefined;
  auth: OktaAuth;
}

/** Starts the sandbox when `config` asks for it (pushing its close onto `cleanup`) and maps the settings to credentials. */
export async function connectOkta(config: OktaConfig, logger: Logger, cleanup: (() => Promise<void>)[]): Promise<OktaConnection> {
  if (config.kind === "sandbox") {
    // Loaded only here: a bot talking to a real org never loads the sandbox.
    const { startSandbox } = await import("../../sandbox/index.js");
    const sandbox = await startSandbox({ seed: "demo", logger: logger.child({ component: "okta-sandbox" }) });
    cleanup.push(() => sandbox.close());
    logger.warn({ url: sandbox.url }, "OKTA_ORG_URL is not set: using the built-in Okta sandbox org (demo data, nothing reaches a real Okta org)");
    const auth: OktaAuth = {
      kind: "privateKeyJwt",
      clientId: sandbox.clientId,
      privateKey: JSON.stringify(sandbox.privateJwk),
      keyId: sandbox.keyId,
      scopes: sandbox.scopes,
      dpop: false,
    };
    return { sandbox, orgUrl: new URL(sandbox.url), adminUrl: new URL(sandbox.adminUrl), auth };
  }
  const auth: OktaAuth =
    config.kind === "ssws"
      ? { kind: "ssws", apiToken: config.apiToken }
      : {
          kind: "privateKeyJwt",
          clientId: config.clientId,
          privateKey: config.privateKey,
          scopes: config.scopes,
          dpop: config.dpop,
          ...(config.keyId === undefined ? {} : { keyId: config.keyId }),
        };
  // A real org's admin host (where Okta's paging links point): OKTA_ADMIN_URL, else derived from the org URL by the client.
  return { sandbox: undefined, orgUrl: config.orgUrl, adminUrl: config.adminUrl, auth };
}
