/** Step-up authentication for approvals: private one-time links, OIDC code + PKCE against Okta, verified decisions. */
export { createStepUpService, DEFAULT_STEP_UP_TTL_MS } from "./step-up-service.js";
export type { StepUpDeps, StepUpPage, StepUpService } from "./step-up-service.js";
export { createStepUpOidc, newAuthorizationRequest } from "./oidc-client.js";
export type { AuthorizationRequest, StepUpClientOptions, StepUpOidc, VerifiedSignIn } from "./oidc-client.js";
export { stepUpRequired } from "./policy-check.js";
