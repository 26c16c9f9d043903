/** Who a governance write is attributed to (`createdBy`, `lastUpdatedBy`). */
import type { SandboxRequest } from "../contract.js";
import type { SandboxOrg } from "../org/index.js";

/** Stands for the admin who owns an SSWS token when the org has no demo admin. */
export const API_TOKEN_OWNER_ID = "00uapitokenowner0000";
/** Stands for an OAuth client whose id does not fit Okta's 20-character id fields. */
export const SERVICE_APP_ACTOR_ID = "0oaserviceapp0000000";

/** The id recorded as the author of a change made by `req`'s caller. */
export function actorId(org: SandboxOrg, req: SandboxRequest): string {
  if (req.caller.kind === "ssws") return org.demo?.users.carol.id ?? API_TOKEN_OWNER_ID;
  const { clientId } = req.caller;
  // Okta attributes a service app's changes to its client id (0oa..., 20 characters).
  return clientId.length >= 1 && clientId.length <= 20 ? clientId : SERVICE_APP_ACTOR_ID;
}
