/** Governance API bodies for SARs (`security-access-review`); access items: render-sar-triage.ts. */
import type { SandboxOrg } from "../org/index.js";
import type { SarView } from "../org/types.js";
import { governanceTime } from "./governance-time.js";

const base = (baseUrl: string) => baseUrl.replace(/\/+$/, "");

/** A SAR as create, get and list return it (the list's sparse form has the same fields). */
export function renderSar(sar: SarView, org: SandboxOrg, baseUrl: string): Record<string, unknown> {
  // Okta's own links point at the reviewer-facing ("my") API.
  const self = `${base(baseUrl)}/governance/api/v2/my/security-access-reviews/${sar.id}`;
  return {
    id: sar.id,
    status: sar.status,
    name: sar.name,
    endTime: sar.endTime,
    reviewerSettings: {
      type: "USER",
      userSettings: {
        includedUserIds: [...sar.reviewerIds],
        includedUserProfiles: sar.reviewerIds.flatMap((id) => {
          const user = org.findUser(id);
          if (!user) return [];
          return [
            {
              id: user.id,
              email: user.profile.email,
              firstName: user.profile.firstName ?? "",
              lastName: user.profile.lastName ?? "",
              login: user.profile.login,
              status: user.status === "ACTIVE" ? "ACTIVE" : "INACTIVE",
              type: "USER",
            },
          ];
        }),
      },
    },
    createdBy: sar.createdBy,
    created: governanceTime(sar.created),
    lastUpdated: governanceTime(sar.lastUpdated),
    lastUpdatedBy: sar.lastUpdatedBy,
    _links: {
      securityAccessReviewDetails: { href: self, hints: {} },
      history: { href: `${self}/history`, hints: {} },
      accesses: { href: `${self}/accesses`, hints: {} },
      actions: { href: `${self}/actions`, hints: {} },
      principalDetails: { href: `${self}/principal`, hints: {} },
    },
  };
}
