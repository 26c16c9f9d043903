/**
 * What the core knows of Okta beyond its `OktaGovernance` port: the typed
 * errors every gateway call may throw, and the SCIM filter builder. The
 * HTTP client that implements the port is an adapter (`src/adapters/okta/`).
 */
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
} from "./errors.js";
export { scim, ScimFilterError, type ScimFilter } from "./scim-filter.js";
export * from "./sar-triage-types.js";
