// Sample triage views for renderer tests on both platforms: realistic
// items (priorities, anomalies, labels, some without Revoke), hostile text
// in every field a person or Okta controls, and a builder for big pages.
import type { TriageActionDone, TriageDetailsView, TriageItemView, TriageView } from "../../src/governance/triage/types.js";

export const TRIAGE_HOSTILE = `<!channel> <https://evil.example|click> & <@U0BOB> **bold** [x](https://evil.example) "quoted" \u0007`;

export function sampleTriageItem(overrides: Partial<TriageItemView> = {}): TriageItemView {
  return {
    id: "aim0000000000000001",
    name: "AWS Console",
    type: "APPLICATION",
    priority: "HIGH",
    remediationStatus: "NONE",
    anomalies: [
      { type: "SOD_CONFLICT", severity: "HIGH", text: "Conflicts with Workday Payroll Admin (SoD rule Finance-01)" },
      { type: "USAGE_HISTORY", text: "Not used in 94 days" },
    ],
    labels: ["Sensitivity: Critical"],
    supportedActions: ["REVOKE_ACCESS", "FLAG_FOR_MANUAL_REMEDIATION"],
    allowedActions: ["REVOKE_ACCESS", "FLAG_FOR_MANUAL_REMEDIATION"],
    hasDetails: true,
    ...overrides,
  };
}

/** A card view; `items` defaults to five realistic items, the third without Revoke. */
export function sampleTriageView(overrides: Partial<TriageView> = {}): TriageView {
  const items: TriageItemView[] = [
    sampleTriageItem(),
    sampleTriageItem({ id: "aim0000000000000002", name: "GitHub", priority: "MEDIUM", anomalies: [{ type: "ASSIGNMENT_METHOD", text: "Assigned directly, not by a group" }], labels: [] }),
    sampleTriageItem({ id: "aim0000000000000003", name: "Slack", priority: "LOW", anomalies: [], labels: [], supportedActions: ["FLAG_FOR_MANUAL_REMEDIATION"], allowedActions: ["FLAG_FOR_MANUAL_REMEDIATION"], hasDetails: false }),
    sampleTriageItem({ id: "aim0000000000000004", name: "PagerDuty", priority: "LOW", remediationStatus: "REMEDIATED", anomalies: [], labels: [], supportedActions: ["RESTORE_ACCESS"], allowedActions: ["RESTORE_ACCESS"] }),
    sampleTriageItem({ id: "aim0000000000000005", name: "Workday", priority: "MEDIUM", anomalies: [{ type: "PAST_GOVERNANCE_DECISIONS", text: "Revoked in a review on 2030-11-02" }], labels: [], supportedActions: ["FLAG_FOR_MANUAL_REMEDIATION"], allowedActions: [] }),
  ];
  return {
    sar: {
      id: "sar00000000000000001",
      name: "SAR dan.target L7K2Q9X INC-4711",
      status: "ACTIVE",
      endTime: "2031-01-08T09:00:00.000Z",
      reviewers: [{ oktaUserId: "00uerin0000000000001", login: "erin.reviewer@example.com", displayName: "Erin Reviewer" }],
      url: "https://example-admin.okta.com/admin/governance/security-access-reviews/sar00000000000000001",
      launchReference: "L7K2Q9X",
    },
    principal: {
      oktaUserId: "00udan00000000000000",
      displayName: "Dan Target",
      login: "dan.target@example.com",
      email: "dan.target@example.com",
      status: "ACTIVE",
      department: "Finance",
      manager: "Mia Manager",
      lastSignIn: { at: "2031-01-01T08:12:00.000Z", ipAddress: "203.0.113.7", location: "Berlin, DE", device: "Chrome on macOS" },
      adminRoles: ["Application Administrator"],
    },
    items,
    page: { index: 0, size: 10 },
    controls: ["close", "restore-all", "extend", "reviewers", "comment", "summarize"],
    viewer: { kind: "shared" },
    readOnly: false,
    readAt: "2031-01-01T09:00:00.000Z",
    ...overrides,
  };
}

/** The same view with hostile or huge text in every free-text field. */
export function hostileTriageView(): TriageView {
  const long = TRIAGE_HOSTILE.repeat(40);
  const view = sampleTriageView();
  return {
    ...view,
    sar: { ...view.sar, name: long, url: "javascript:alert(1)" },
    principal: { ...view.principal, displayName: long, department: long, manager: TRIAGE_HOSTILE, adminRoles: [TRIAGE_HOSTILE] },
    items: Array.from({ length: 10 }, (_, i) =>
      sampleTriageItem({ id: `aim${String(i).padStart(16, "0")}`, name: long, labels: [long], anomalies: [{ type: "SOD_CONFLICT", text: long }, { type: "USAGE_HISTORY", text: long }] }),
    ),
    page: { index: 3, size: 10, nextCursor: "c".repeat(200), previousCursor: "p".repeat(200) },
  };
}

export function sampleTriageDetails(): TriageDetailsView {
  return {
    sarId: "sar00000000000000001",
    item: sampleTriageItem(),
    subAccesses: [
      { id: "sub1", name: "AdministratorAccess", type: "ENTITLEMENT_VALUE", priority: "HIGH", supportedActions: ["REVOKE_ACCESS"] },
      { id: "sub2", name: "aws-prod-admins", type: "GROUP", supportedActions: [] },
    ],
    truncated: false,
  };
}

export function sampleActionDone(overrides: Partial<TriageActionDone> = {}): TriageActionDone {
  return {
    sarId: "sar00000000000000001",
    item: { id: "aim0000000000000001", name: "AWS Console" },
    action: "REVOKE_ACCESS",
    by: { oktaUserId: "00uerin0000000000001", login: "erin.reviewer@example.com", displayName: "Erin Reviewer" },
    note: "confirmed compromise",
    at: new Date("2031-01-01T09:05:00.000Z"),
    comment: "Revoked AWS Console - erin.reviewer@example.com via chat: confirmed compromise",
    ...overrides,
  };
}
