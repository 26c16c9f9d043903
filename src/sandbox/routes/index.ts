/** Every operation the sandbox org serves, as routes for the sandbox's HTTP server. */
import type { SandboxRoute } from "../contract.js";
import type { SandboxOrg } from "../org/index.js";
import { accessRequestRoutes } from "./access-requests.js";
import { groupRoutes } from "./groups.js";
import { securityAccessReviewRoutes } from "./security-access-reviews.js";
import { userRoutes } from "./users.js";

/** The routes over `org`: users and roles, groups, security access reviews, access requests v2. */
export function createRoutes(org: SandboxOrg): SandboxRoute[] {
  return [...userRoutes(org), ...groupRoutes(org), ...securityAccessReviewRoutes(org), ...accessRequestRoutes(org)];
}
