/**
 * The demo org (`seed: "demo"`): fixed ids, so the sample policy, tests and
 * the demo can name people and groups; timestamps are relative to the
 * injected clock, so "recent" requests stay recent.
 */
import { EVERYONE_GROUP_ID } from "./directory.js";
import type { Directory } from "./directory.js";
import type { AccessRequests } from "./access-requests.js";

export const DEMO_DOMAIN = "example.com";

/** The demo org's people, by role in the story. Logins are emails. */
export const DEMO_USERS = {
  /** ACTIVE, in Incident Responders: launches reviews. */
  alice: { id: "00udemoalice00000000", login: "alice.responder@example.com", email: "alice.responder@example.com" },
  /** ACTIVE, in Security Leads: approves launches. */
  bob: { id: "00udemobob0000000000", login: "bob.lead@example.com", email: "bob.lead@example.com" },
  /** ACTIVE, SUPER_ADMIN: admin and approver. */
  carol: { id: "00udemocarol00000000", login: "carol.admin@example.com", email: "carol.admin@example.com" },
  /** ACTIVE, in Engineering: the user under investigation. */
  dan: { id: "00udemodan0000000000", login: "dan.target@example.com", email: "dan.target@example.com" },
  /** ACTIVE reviewers. */
  erin: { id: "00udemoerin000000000", login: "erin.reviewer@example.com", email: "erin.reviewer@example.com" },
  frank: { id: "00udemofrank00000000", login: "frank.reviewer@example.com", email: "frank.reviewer@example.com" },
  /** DEPROVISIONED. */
  gina: { id: "00udemogina000000000", login: "gina.gone@example.com", email: "gina.gone@example.com" },
  /** SUSPENDED. */
  sam: { id: "00udemosam0000000000", login: "sam.suspended@example.com", email: "sam.suspended@example.com" },
  /** Two users sharing the email `pat@example.com` (an ambiguous email). */
  patOne: { id: "00udemopatone0000000", login: "pat.one@example.com", email: "pat@example.com" },
  patTwo: { id: "00udemopattwo0000000", login: "pat.two@example.com", email: "pat@example.com" },
  /** ACTIVE, holds the custom admin role "Governance Responder". */
  grace: { id: "00udemograce00000000", login: "grace.governance@example.com", email: "grace.governance@example.com" },
} as const;

export const DEMO_GROUPS = {
  incidentResponders: { id: "00gdemoresponders000", name: "Incident Responders" },
  securityLeads: { id: "00gdemoleads00000000", name: "Security Leads" },
  engineering: { id: "00gdemoengineering00", name: "Engineering" },
  finance: { id: "00gdemofinance000000", name: "Finance" },
  /** Okta's built-in group; every user is a member. */
  everyone: { id: EVERYONE_GROUP_ID, name: "Everyone" },
} as const;

export const DEMO_ROLES = {
  /** carol's SUPER_ADMIN assignment. */
  carolSuperAdmin: { assignmentId: "ra1democarolsuper000", type: "SUPER_ADMIN" },
  /** grace's custom role: `type` CUSTOM, with this label and role id. */
  governanceResponder: {
    assignmentId: "ra1demogracecustom00",
    type: "CUSTOM",
    label: "Governance Responder",
    roleId: "cr0demogovresponder0",
    resourceSetId: "iamdemogovernance000",
  },
} as const;

export const DEMO_APPS = {
  github: { id: "0oademogithub0000000", label: "GitHub Enterprise" },
  awsConsole: { id: "0oademoaws0000000000", label: "AWS Console" },
  salesforce: { id: "0oademosalesforce000", label: "Salesforce" },
  slack: { id: "0oademoslack00000000", label: "Slack" },
  pagerduty: { id: "0oademopagerduty0000", label: "PagerDuty" },
  workday: { id: "0oademoworkday000000", label: "Workday" },
} as const;

/** Access requests (v2) in several states, for dan and alice. */
export const DEMO_REQUESTS = {
  danPending: { id: "reqdemodanpending000", status: "PENDING" },
  danSubmitted: { id: "reqdemodansubmitted0", status: "SUBMITTED" },
  danApproved: { id: "reqdemodanapproved00", status: "APPROVED" },
  danDenied: { id: "reqdemodandenied0000", status: "DENIED" },
  aliceApproved: { id: "reqdemoaliceapproved", status: "APPROVED" },
  aliceCanceled: { id: "reqdemoalicecanceled", status: "CANCELED" },
  aliceExpired: { id: "reqdemoaliceexpired0", status: "EXPIRED" },
} as const;

const STATUS_BY_USER: Partial<Record<keyof typeof DEMO_USERS, "DEPROVISIONED" | "SUSPENDED">> = {
  gina: "DEPROVISIONED",
  sam: "SUSPENDED",
};

/** Fills an empty org with the demo data; `now` is the org's clock at creation. */
export function seedDemo(directory: Directory, requests: AccessRequests, now: Date): void {
  for (const [key, user] of Object.entries(DEMO_USERS) as [keyof typeof DEMO_USERS, (typeof DEMO_USERS)[keyof typeof DEMO_USERS]][]) {
    directory.addUser({ id: user.id, login: user.login, email: user.email, status: STATUS_BY_USER[key] ?? "ACTIVE" });
  }
  const G = DEMO_GROUPS;
  directory.addGroup({ id: G.incidentResponders.id, name: G.incidentResponders.name, description: "On-call incident responders" });
  directory.addGroup({ id: G.securityLeads.id, name: G.securityLeads.name, description: "Approve security actions" });
  directory.addGroup({ id: G.engineering.id, name: G.engineering.name, description: "Engineering staff" });
  directory.addGroup({ id: G.finance.id, name: G.finance.name, description: "Finance staff" });
  const U = DEMO_USERS;
  directory.addToGroup(U.alice.id, G.incidentResponders.id);
  directory.addToGroup(U.bob.id, G.securityLeads.id);
  directory.addToGroup(U.dan.id, G.engineering.id);
  directory.addToGroup(U.erin.id, G.engineering.id);
  directory.addToGroup(U.frank.id, G.finance.id);

  const R = DEMO_ROLES;
  directory.assignRole({ id: R.carolSuperAdmin.assignmentId, assignee: { userId: U.carol.id }, type: "SUPER_ADMIN" });
  directory.assignRole({
    id: R.governanceResponder.assignmentId,
    assignee: { userId: U.grace.id },
    type: "CUSTOM",
    label: R.governanceResponder.label,
    roleId: R.governanceResponder.roleId,
    resourceSetId: R.governanceResponder.resourceSetId,
  });

  const A = DEMO_APPS;
  for (const app of Object.values(A)) directory.addApp({ id: app.id, name: app.label.toLowerCase().replace(/\W+/g, "_"), label: app.label });
  directory.assignApp(A.slack.id, { groupId: G.everyone.id });
  directory.assignApp(A.github.id, { groupId: G.engineering.id });
  directory.assignApp(A.awsConsole.id, { groupId: G.engineering.id });
  directory.assignApp(A.awsConsole.id, { userId: U.dan.id });
  directory.assignApp(A.salesforce.id, { groupId: G.finance.id });
  directory.assignApp(A.pagerduty.id, { groupId: G.incidentResponders.id });

  const ago = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString();
  const entry = (appId: string) => `cen${appId.slice(3)}`;
  const request = (
    key: keyof typeof DEMO_REQUESTS,
    userId: string,
    appId: string,
    createdHoursAgo: number,
    updatedHoursAgo: number,
    extra: Partial<Parameters<AccessRequests["addRequest"]>[0]> = {},
  ) =>
    requests.addRequest({
      id: DEMO_REQUESTS[key].id,
      status: DEMO_REQUESTS[key].status,
      requestedFor: userId,
      resourceId: appId,
      entryId: entry(appId),
      created: ago(createdHoursAgo),
      lastUpdated: ago(updatedHoursAgo),
      ...extra,
    });
  const decision = (deciderId: string, decision: "APPROVE" | "DENY", hoursAgo: number) => [
    { deciderId, decision, decided: ago(hoursAgo) },
  ];

  request("danApproved", U.dan.id, A.awsConsole.id, 120, 96, {
    grantStatus: "GRANTED",
    decisions: decision(U.bob.id, "APPROVE", 96),
    justification: "Deploy the payments hotfix",
  });
  request("danDenied", U.dan.id, A.salesforce.id, 96, 72, {
    decisions: decision(U.bob.id, "DENY", 72),
    justification: "Look up a customer account",
  });
  request("aliceApproved", U.alice.id, A.github.id, 72, 48, {
    grantStatus: "PENDING",
    decisions: decision(U.carol.id, "APPROVE", 48),
    justification: "Read incident runbooks",
  });
  request("danPending", U.dan.id, A.workday.id, 24, 24, { justification: "Update my bank details" });
  request("danSubmitted", U.dan.id, A.pagerduty.id, 2, 2, { justification: "Join the on-call rotation" });
  request("aliceCanceled", U.alice.id, A.salesforce.id, 144, 140);
  request("aliceExpired", U.alice.id, A.workday.id, 168, 6);
}
