import { describe, expect, it } from "vitest";
import { defaultOktaScopes } from "../../src/config.js";
import { loadSpecs } from "../support/okta-openapi/load-specs.js";
import { sharedAbsentMessage, sharedPresent } from "../support/shared-dir.js";

// The operations the bot calls (shared/okta-openapi/SOURCES.md).
const operations = [
  "createSecurityAccessReview", "getSecurityAccessReview", "listSecurityAccessReviews", "getSecurityAccessReviewsStats",
  "addSecurityAccessReviewComment", "listSecurityAccessReviewAccesses", "listAllRequestsV2", "getRequestV2",
  "createRequestMessageV2", "listUsers", "getUser", "listUserGroups", "listAssignedRolesForUser",
];

describe.skipIf(!sharedPresent("okta-openapi"))(sharedPresent("okta-openapi") ? "default Okta scopes" : sharedAbsentMessage, () => {
  it("include every OAuth scope the specs require for the operations the bot calls", async () => {
    const docs = await loadSpecs();
    const required = new Map<string, string[]>();
    for (const doc of Object.values(docs)) {
      for (const pathItem of Object.values(doc.paths)) {
        for (const operation of Object.values(pathItem) as { operationId?: string; security?: Record<string, string[]>[] }[]) {
          if (!operation.operationId || !operations.includes(operation.operationId)) continue;
          const oauth = (operation.security ?? []).flatMap((entry) => Object.entries(entry)).filter(([scheme]) => scheme.toLowerCase() === "oauth2");
          required.set(operation.operationId, oauth.flatMap(([, scopes]) => scopes));
        }
      }
    }
    expect([...required.keys()].sort()).toEqual([...operations].sort());
    const missing = [...required].filter(([, scopes]) => !scopes.some((scope) => defaultOktaScopes.includes(scope)));
    expect(missing).toEqual([]);
    // Least privilege: nothing is requested that no operation needs.
    const needed = new Set([...required.values()].flat());
    expect(defaultOktaScopes.filter((scope) => !needed.has(scope))).toEqual([]);
  });
});
