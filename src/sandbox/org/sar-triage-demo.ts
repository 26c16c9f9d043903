/**
 * Triage facts of the demo org: what a review of a demo user shows for
 * each demo app (priority, governance labels, anomalies, groups and
 * entitlements inside the app) and the principal's details. Some items
 * cannot be revoked through Okta (Slack comes with the Everyone group), so
 * they offer only the manual flags.
 */
import { DEMO_APPS, DEMO_GROUPS, DEMO_USERS } from "./demo-seed.js";
import type { SarTriage } from "./sar-accesses.js";

/** Entitlement ids of the demo apps (20 characters, Okta's `esp` prefix). */
export const DEMO_ENTITLEMENTS = {
  awsAdministratorAccess: "espdemoawsadmin00000",
  awsBillingApprover: "espdemoawsbilling000",
  awsAdminBundle: "enbdemoawsadmin00000",
  githubOrgOwner: "espdemogithubowner00",
  salesforceExport: "espdemosfexport00000",
} as const;

const labels = {
  crownJewel: { name: "Crown Jewel", values: ["Production"] },
  privileged: { name: "Privileged", values: ["Admin"] },
  sourceCode: { name: "Source code", values: ["Internal"] },
  customerData: { name: "Customer data", values: ["PII"] },
};

/** Seeds the demo's triage facts into `triage`. */
export function seedTriageDemo(triage: SarTriage, now: Date): void {
  const A = DEMO_APPS;
  const E = DEMO_ENTITLEMENTS;
  triage.setAppTriageProfile(A.awsConsole.id, {
    severity: "HIGH",
    labels: [labels.crownJewel, labels.privileged],
    lastAccessDaysAgo: 1,
    applicationUsage: 41,
    anomalies: [
      {
        type: "SOD_CONFLICT",
        severity: "HIGH",
        message: "The user holds entitlements that conflict under the rule {0}",
        args: [{ type: "STRING", value: "Admin cannot approve billing" }],
        sodConflict: {
          rule: "Admin cannot approve billing",
          lists: [
            { listName: "Administrators", entitlement: "Role", values: [{ name: "AdministratorAccess", sourceOfConflict: true }] },
            { listName: "Billing approvers", entitlement: "Role", values: [{ name: "BillingApprover", sourceOfConflict: false }] },
          ],
        },
      },
      { type: "ASSIGNMENT_METHOD", severity: "HIGH", message: "The user was assigned the app directly, unlike {0}% of users who have it", args: [{ type: "NUMBER", value: "92" }] },
      { type: "USAGE_HISTORY", severity: "MEDIUM", message: "The user signed in to the app {0}, from a new device", args: [{ type: "RELATIVE_DATE_TO_NOW", value: "2025-06-01T08:00:00Z" }] },
      { type: "PAST_GOVERNANCE_DECISIONS", severity: "MEDIUM", message: "A reviewer revoked this access in a past certification {0}", args: [{ type: "RELATIVE_DATE_TO_NOW", value: "2025-01-15T00:00:00Z" }] },
    ],
    subAccesses: [
      { name: "Role: AdministratorAccess", type: "ENTITLEMENT_VALUE", resourceId: E.awsAdministratorAccess, severity: "HIGH", description: "Full access to every AWS service" },
      { name: "Role: BillingApprover", type: "ENTITLEMENT_VALUE", resourceId: E.awsBillingApprover, severity: "HIGH", description: "Approves invoices and budgets" },
      { name: "AWS production admin bundle", type: "ENTITLEMENT_BUNDLE", resourceId: E.awsAdminBundle, severity: "MEDIUM" },
      // A group grant: Okta would have to change the group, so it is flagged for people instead.
      { name: DEMO_GROUPS.engineering.name, type: "GROUP", resourceId: DEMO_GROUPS.engineering.id, severity: "LOW", manualOnly: true },
    ],
  });
  triage.setAppTriageProfile(A.github.id, {
    severity: "MEDIUM",
    labels: [labels.sourceCode],
    lastAccessDaysAgo: 0,
    applicationUsage: 230,
    anomalies: [
      { type: "ASSIGNMENT_METHOD", severity: "LOW", message: "The user was assigned the app through a group, like {0}% of users who have it", args: [{ type: "NUMBER", value: "97" }] },
      { type: "USAGE_HISTORY", severity: "LOW", message: "The user uses the app daily" },
      { type: "PAST_GOVERNANCE_DECISIONS", severity: "LOW", message: "Reviewers approved this access in every past certification" },
    ],
    subAccesses: [
      { name: "Organization role: owner", type: "ENTITLEMENT_VALUE", resourceId: E.githubOrgOwner, severity: "HIGH" },
      { name: DEMO_GROUPS.engineering.name, type: "GROUP", resourceId: DEMO_GROUPS.engineering.id, severity: "LOW", manualOnly: true },
    ],
  });
  triage.setAppTriageProfile(A.slack.id, {
    severity: "LOW",
    manualOnly: true,
    assignmentType: "GROUP",
    lastAccessDaysAgo: 0,
    applicationUsage: 800,
    anomalies: [
      { type: "ASSIGNMENT_METHOD", severity: "LOW", message: "Everyone in the org is assigned the app" },
      { type: "USAGE_HISTORY", severity: "LOW", message: "The user uses the app daily" },
    ],
    subAccesses: [{ name: DEMO_GROUPS.everyone.name, type: "GROUP", resourceId: DEMO_GROUPS.everyone.id, severity: "LOW", manualOnly: true }],
  });
  triage.setAppTriageProfile(A.salesforce.id, {
    severity: "HIGH",
    labels: [labels.customerData],
    lastAccessDaysAgo: 120,
    anomalies: [{ type: "USAGE_HISTORY", severity: "HIGH", message: "The user has not used the app in {0} days", args: [{ type: "NUMBER", value: "120" }] }],
    subAccesses: [{ name: "Permission: Export reports", type: "ENTITLEMENT_VALUE", resourceId: E.salesforceExport, severity: "HIGH" }],
  });
  triage.setAppTriageProfile(A.pagerduty.id, {
    severity: "MEDIUM",
    labels: [{ name: "On-call", values: ["Incident response"] }],
    lastAccessDaysAgo: 2,
    applicationUsage: 35,
    anomalies: [{ type: "ASSIGNMENT_METHOD", severity: "LOW", message: "The user was assigned the app through a group, like {0}% of users who have it", args: [{ type: "NUMBER", value: "100" }] }],
    subAccesses: [{ name: DEMO_GROUPS.incidentResponders.name, type: "GROUP", resourceId: DEMO_GROUPS.incidentResponders.id, severity: "LOW", manualOnly: true }],
  });
  triage.setAppTriageProfile(A.workday.id, {
    severity: "HIGH",
    labels: [labels.customerData],
    // Workday provisioning runs through HR: Okta can only flag it for the HR team.
    manualOnly: true,
    anomalies: [{ type: "PAST_GOVERNANCE_DECISIONS", severity: "MEDIUM", message: "No data found. The assignment has no past governance decisions" }],
  });

  const U = DEMO_USERS;
  triage.setPrincipalDetails(U.dan.id, {
    department: "Engineering",
    manager: "Erin Reviewer",
    role: "Site Reliability Engineer",
    homeLocation: { city: "Lisbon", country: "Portugal" },
    lastLogin: { date: new Date(now.getTime() - 3 * 3_600_000).toISOString().replace(/\.\d+Z$/, "Z"), ipAddress: "203.0.113.77", device: "MacBook Pro (unmanaged)", location: { city: "Sao Paulo", country: "Brazil" } },
  });
  triage.setPrincipalDetails(U.alice.id, { department: "Security", manager: "Bob Lead", role: "Incident Responder" });
}
