/**
 * The Okta client of the governance core: `createOktaClient` implements the
 * `OktaGovernance` port; errors, credentials and the filter builder are public.
 */
export { createOktaClient, type OktaClientOptions } from "./okta-client.js";
export type { OktaAuth } from "./auth.js";
export type { OktaRetryOptions, OktaRetrySetting } from "./retry-policy.js";
export type { Sleep } from "./rate-limit-pacer.js";
export {
  OktaBadRequest,
  OktaError,
  OktaForbidden,
  OktaInvalidResponse,
  OktaNotFound,
  OktaOutcomeUnknown,
  OktaRateLimited,
  OktaTimeout,
  OktaUnauthorized,
  OktaUnavailable,
  isTransientOktaError,
} from "../../governance/okta/errors.js";
export { scim, ScimFilterError, type ScimFilter } from "../../governance/okta/scim-filter.js";
export { PrivateKeyError } from "./private-key.js";
