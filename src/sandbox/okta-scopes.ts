/**
 * The Okta API scopes the bot uses (operations listed in
 * shared/okta-openapi/SOURCES.md): the sandbox grants them to its demo app,
 * and the configuration asks for them by default. One list, so the two
 * cannot drift. A leaf module: the configuration imports it without
 * loading the sandbox.
 */
export const BOT_SCOPES: readonly string[] = [
  "okta.users.read",
  "okta.roles.read",
  "okta.governance.securityAccessReviews.admin.read",
  "okta.governance.securityAccessReviews.admin.manage",
  "okta.accessRequests.request.read",
  "okta.accessRequests.request.manage",
];
