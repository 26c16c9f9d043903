/**
 * The Okta Admin Console steps that fix what the doctor finds. Kept in one
 * place so they stay consistent with README.md and docs/okta-setup.md.
 */

/** What the bot uses each Okta API scope for (README.md, "Connecting a real Okta org"). */
export const SCOPE_USES: Readonly<Record<string, string>> = {
  "okta.users.read": "map chat users to Okta users and read their groups",
  "okta.roles.read": "read a user's admin roles for role checks",
  "okta.governance.securityAccessReviews.admin.read": "read security access reviews, their status and access items",
  "okta.governance.securityAccessReviews.admin.manage": "launch security access reviews and comment on them",
  "okta.accessRequests.request.read": "list and read access requests (v2)",
  "okta.accessRequests.request.manage": "post messages on access requests",
};

/** Who the bot is in Okta, for the steps to name. */
export interface AppRef {
  /** The service app's client id, when OAuth is used. */
  clientId?: string;
  keyId?: string;
  orgUrl: string;
}

const app = (ref: AppRef): string =>
  ref.clientId === undefined ? "the bot's API Services app" : `the bot's API Services app (Client ID ${ref.clientId})`;

const openApp = (ref: AppRef): string => `In the Okta Admin Console of ${ref.orgUrl}: Applications > Applications > ${app(ref)}.`;

/** A scope the token endpoint refused. */
export function grantScopeSteps(scope: string, ref: AppRef, scopesOverridden: boolean): string[] {
  return [
    openApp(ref),
    `Okta API Scopes tab > ${scope} > Grant.`,
    ...(scopesOverridden ? [`(Or, if the bot should not ${SCOPE_USES[scope] ?? "use it"}, remove ${scope} from OKTA_SCOPES.)`] : []),
    "Run npm run doctor again.",
  ];
}

/** The client id or key was refused (`invalid_client`). */
export function credentialSteps(ref: AppRef): string[] {
  return [
    openApp(ref),
    "General tab > Client Credentials: the Client ID must equal OKTA_CLIENT_ID, and Client authentication must be Public key / Private key.",
    `Under PUBLIC KEYS, the key with KID ${ref.keyId ?? "(set OKTA_KEY_ID to it)"} must be Active and be the public half of OKTA_PRIVATE_KEY / OKTA_PRIVATE_KEY_FILE.`,
    "To start afresh: npm run okta:keygen, then Client Credentials > Edit > Add key > paste the printed public JWK > Done > Save, and set the printed OKTA_KEY_ID and OKTA_PRIVATE_KEY_FILE.",
  ];
}

/** DPoP on the app and OKTA_DPOP disagree. */
export function dpopSteps(ref: AppRef, dpopOn: boolean): string[] {
  return [
    openApp(ref),
    'General tab > Client Credentials: look at "Require Demonstrating Proof of Possession (DPoP) header in token requests".',
    dpopOn
      ? "If it is not checked, set OKTA_DPOP=false (or check it and save)."
      : "If it is checked, set OKTA_DPOP=true (or uncheck it and save).",
  ];
}

/** The SSWS token was refused. */
export function apiTokenSteps(ref: AppRef): string[] {
  return [
    `In the Okta Admin Console of ${ref.orgUrl}: Security > API > Tokens: the token in OKTA_API_TOKEN must be listed and active; create a new one if not.`,
    "An SSWS token acts with the admin roles of the admin who created it. OAuth 2.0 (OKTA_CLIENT_ID and a private key) is recommended instead: see docs/okta-setup.md.",
  ];
}

/** Okta could not be reached or did not answer. */
export function unreachableSteps(ref: AppRef): string[] {
  return [
    `Check that OKTA_ORG_URL (${ref.orgUrl}) is your org's base URL, e.g. https://acme.okta.com (no /admin, no path).`,
    "Check that this machine reaches it (DNS, proxy, firewall), then run npm run doctor again.",
  ];
}

/** The admin permission (custom admin role) an operation needs; see docs/okta-setup.md. */
export interface PermissionNeed {
  /** What the role must allow (Okta permission ids where the spec names them). */
  permission: string;
  /** What its resource set must cover. */
  resources: string;
}

/** A 403 without a missing scope: the app's admin role does not allow the call. */
export function adminRoleSteps(need: PermissionNeed, ref: AppRef): string[] {
  return [
    `In the Okta Admin Console of ${ref.orgUrl}: Security > Administrators > Roles: the custom admin role given to the bot needs ${need.permission}.`,
    `Security > Administrators > Resources: the resource set bound to that role must cover ${need.resources}.`,
    `Applications > Applications > ${app(ref)} > Admin roles: the role must be assigned with that resource set.`,
    "Run npm run doctor again (role changes can take a minute to apply).",
  ];
}

/** A 403 for an SSWS token: the token acts with its creator's admin roles. */
export function apiTokenRoleSteps(need: PermissionNeed, ref: AppRef): string[] {
  return [
    `The SSWS token acts with the admin roles of the admin who created it (the Admin Console of ${ref.orgUrl} lists tokens and their creators at Security > API > Tokens).`,
    `That admin needs ${need.permission}, on ${need.resources}; or switch the bot to OAuth 2.0 (docs/okta-setup.md).`,
  ];
}
