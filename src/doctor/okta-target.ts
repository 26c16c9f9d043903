/**
 * Which Okta org the doctor checks and with which credentials: the
 * configured org, or (OKTA_ORG_URL unset) a sandbox org started in-process
 * with its demo service app, as `npm start` does.
 */
import type { JWK } from "jose";
import { defaultOktaScopes, type OktaConfig } from "../config.js";
import type { OktaAuth } from "../adapters/okta/index.js";
import { startSandbox } from "../sandbox/index.js";
import type { AuthContext } from "./okta-explain.js";

export interface OktaTarget {
  orgUrl: URL;
  /** The admin host, where governance paging links point: the sandbox's, or OKTA_ADMIN_URL (else the client derives it). */
  adminUrl?: URL;
  auth: OktaAuth;
  /** For explaining errors. */
  context: AuthContext;
  /** The scopes the bot asks for (empty for SSWS, which has none). */
  scopes: string[];
  /** A sentence naming the org and how the bot signs in. */
  description: string;
  /** Stops the in-process sandbox, if one was started. */
  close(): Promise<void>;
}

/** A sandbox org that is already running (the bot's own) and its demo service app. */
export interface SandboxApp {
  url: string;
  adminUrl?: string;
  clientId: string;
  privateJwk: JWK;
  keyId: string;
}

/** Resolves the org to check; uses `running` or starts the sandbox when none is configured. */
export async function oktaTarget(okta: OktaConfig, scopesOverridden: boolean, running?: SandboxApp): Promise<OktaTarget> {
  if (okta.kind === "sandbox" && running !== undefined) {
    const scopes = [...defaultOktaScopes];
    const { url, clientId, keyId, privateJwk } = running;
    return {
      orgUrl: new URL(url),
      ...(running.adminUrl !== undefined && { adminUrl: new URL(running.adminUrl) }),
      auth: { kind: "privateKeyJwt", clientId, privateKey: JSON.stringify(privateJwk), keyId, scopes, dpop: false },
      context: { kind: "privateKeyJwt", orgUrl: url, clientId, keyId, dpop: false, scopesOverridden: false },
      scopes,
      description: `OKTA_ORG_URL is not set: checked the bot's built-in sandbox org at ${url} (demo data; nothing reaches a real Okta org). Set OKTA_ORG_URL to use your org.`,
      close: async () => undefined,
    };
  }
  if (okta.kind === "sandbox") {
    const sandbox = await startSandbox({ seed: "demo" });
    const scopes = [...defaultOktaScopes];
    return {
      orgUrl: new URL(sandbox.url),
      adminUrl: new URL(sandbox.adminUrl),
      auth: { kind: "privateKeyJwt", clientId: sandbox.clientId, privateKey: JSON.stringify(sandbox.privateJwk), keyId: sandbox.keyId, scopes, dpop: false },
      context: { kind: "privateKeyJwt", orgUrl: sandbox.url, clientId: sandbox.clientId, keyId: sandbox.keyId, dpop: false, scopesOverridden: false },
      scopes,
      description: `OKTA_ORG_URL is not set: checked the built-in sandbox org started at ${sandbox.url} (demo data; nothing reaches a real Okta org). Set OKTA_ORG_URL to check your org.`,
      close: () => sandbox.close(),
    };
  }
  const orgUrl = okta.orgUrl.origin;
  const close = async () => undefined;
  const admin = okta.adminUrl === undefined ? {} : { adminUrl: okta.adminUrl };
  if (okta.kind === "ssws") {
    return {
      orgUrl: okta.orgUrl,
      ...admin,
      auth: { kind: "ssws", apiToken: okta.apiToken },
      context: { kind: "ssws", orgUrl, dpop: false, scopesOverridden: false },
      scopes: [],
      description: `${orgUrl} with an SSWS API token (legacy): it has no OAuth scopes and acts with the admin roles of the admin who created it.`,
      close,
    };
  }
  const { clientId, privateKey, keyId, dpop, scopes } = okta;
  return {
    orgUrl: okta.orgUrl,
    ...admin,
    auth: { kind: "privateKeyJwt", clientId, privateKey, scopes, dpop, ...(keyId === undefined ? {} : { keyId }) },
    context: { kind: "privateKeyJwt", orgUrl, clientId, ...(keyId === undefined ? {} : { keyId }), dpop, scopesOverridden },
    scopes,
    description: `${orgUrl} as service app ${clientId} (private_key_jwt${keyId === undefined ? "" : `, key ${keyId}`}, DPoP ${dpop ? "on" : "off"}).`,
    close,
  };
}
