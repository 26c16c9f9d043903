/** Security access review routes (governance.yaml, `/governance/api/v2/security-access-reviews`). */
import type { SandboxRequest, SandboxRoute } from "../contract.js";
import type { SandboxOrg } from "../org/index.js";
import type { SarView } from "../org/types.js";
import { actorId } from "./actor.js";
import { isObject } from "./body.js";
import { cause, governanceNotFound, validationFailed } from "./errors.js";
import { renderSar } from "./render-sar.js";
import { validateCreateSar } from "./sar-create-validation.js";
import { listSars } from "./sar-lists.js";

const READ = "okta.governance.securityAccessReviews.admin.read";
const MANAGE = "okta.governance.securityAccessReviews.admin.manage";
const BUCKET = "governance-sar";
const COLLECTION = "/governance/api/v2/security-access-reviews";
const ONE = `${COLLECTION}/{securityAccessReviewId}`;

/** The SAR routes over `org`. */
export function securityAccessReviewRoutes(org: SandboxOrg): SandboxRoute[] {
  const sarOf = (req: SandboxRequest): SarView => {
    const sar = org.getSar(req.params.securityAccessReviewId ?? "");
    if (!sar) throw governanceNotFound();
    return sar;
  };
  const route = (operationId: string, method: SandboxRoute["method"], path: string, scope: string, handle: SandboxRoute["handle"]): SandboxRoute => ({
    operationId,
    method,
    path,
    scope,
    bucket: BUCKET,
    handle,
  });
  return [
    route("createSecurityAccessReview", "POST", COLLECTION, MANAGE, (req) => {
      const valid = validateCreateSar(req.body, org, org.clock());
      const sar = org.createSar({ ...valid, createdBy: actorId(org, req) });
      return { status: 202, body: renderSar(sar, org, req.baseUrl) };
    }),
    route("listSecurityAccessReviews", "GET", COLLECTION, READ, (req) => listSars(org, req)),
    route("getSecurityAccessReviewsStats", "GET", `${COLLECTION}/stats`, READ, () => ({ status: 200, body: org.sarStats() })),
    route("getSecurityAccessReview", "GET", ONE, READ, (req) => ({ status: 200, body: renderSar(sarOf(req), org, req.baseUrl) })),
    route("addSecurityAccessReviewComment", "POST", `${ONE}/comment`, MANAGE, (req) => {
      const sar = sarOf(req);
      const comment = isObject(req.body) ? req.body.comment : undefined;
      if (typeof comment !== "string") {
        throw validationFailed([cause("/comment", "must have required property 'comment'", "REQUIRED_PROPERTY_MISSING")]);
      }
      if (comment.length < 1 || comment.length > 1000) {
        const [summary, reason] =
          comment.length < 1
            ? ["must NOT have fewer than 1 characters", "INVALID_STRING_LENGTH_UNDER_MIN"]
            : ["must NOT have more than 1000 characters", "INVALID_STRING_LENGTH_OVER_MAX"];
        throw validationFailed([cause("/comment", summary, reason)]);
      }
      org.addSarComment(sar.id, comment, actorId(org, req));
      return { status: 204 };
    }),
    // Accesses, item and review actions, update, history: sar-triage.ts.
  ];
}
