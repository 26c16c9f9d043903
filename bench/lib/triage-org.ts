/**
 * Reviews for the triage figures, made directly in the sandbox org (no
 * launch, so no watch follows them and their Okta calls are the card's
 * own): a review of a demo user, and a user with hundreds of directly
 * assigned apps whose triage facts are as long as the card ever has to
 * show (long names with characters to escape, every anomaly type, many
 * labels), some of them without Revoke.
 */
import type { Actor } from "../../src/governance/actor.js";
import type { SandboxOrg, SarView } from "../../src/sandbox/org/index.js";
import { DEMO_USERS } from "../../src/sandbox/org/index.js";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { SLACK_USERS, type FakeSlackUser } from "../../src/fakes/slack-web-api.js";

const DAY_MS = 86_400_000;
const SEVERITIES = ["HIGH", "MEDIUM", "LOW"] as const;

let sequence = 0;

/** A Slack person of the demo workspace as the core sees them (their email maps them to the demo Okta user). */
export function slackActor(user: FakeSlackUser & { email: string }): Actor {
  return { platform: "slack", tenantId: "T0DEMO", userId: user.id, displayName: user.name, correlationId: `bench-triage-${++sequence}`, lookupEmail: async () => user.email };
}

/** bob.lead: an approver, so he may read, remediate and close (sample policy). */
export const bobActor = (): Actor => slackActor(SLACK_USERS.bob);

/** An ACTIVE review of `principalId` with erin as reviewer, created in the org directly (the sandbox must activate at once: `sarActivationDelayMs: 0`). */
export function createReview(sandbox: RunningSandbox, principalId: string, name: string): SarView {
  const org = sandbox.org;
  const sar = org.createSar({
    name,
    principalId,
    reviewerIds: [DEMO_USERS.erin.id],
    endTime: new Date(Date.now() + 7 * DAY_MS).toISOString(),
    createdBy: sandbox.clientId,
  });
  const now = org.getSar(sar.id);
  if (now?.status !== "ACTIVE") throw new Error(`review ${sar.id} is ${now?.status ?? "gone"}, not ACTIVE: start the sandbox with sarActivationDelayMs 0`);
  return now;
}

const long = (text: string, length: number): string => (text.length >= length ? text.slice(0, length) : long(`${text} ${text}`, length));

/**
 * Adds a user with `count` apps assigned directly, each with a long label,
 * four anomalies, six governance labels and sub-accesses; every seventh app
 * offers only the manual flags. Returns the user's id.
 */
export function seedWideUser(org: SandboxOrg, count: number, login = "wide.access@example.com"): string {
  const user = org.addUser({ login, firstName: "Wade", lastName: "Access-<Many> & Apps" });
  for (let i = 0; i < count; i++) {
    const n = String(i + 1).padStart(3, "0");
    // Okta allows app labels of up to 100 characters; these have markup and emoji to escape.
    const label = long(`App ${n} <prod> & "billing" 💳 — finance_reporting*export*`, 100);
    const app = org.addApp({ name: `bench_app_${n}`, label });
    org.assignApp(app.id, { userId: user.id });
    const severity = SEVERITIES[i % 3]!;
    org.setAppTriageProfile(app.id, {
      severity,
      manualOnly: i % 7 === 6,
      labels: Array.from({ length: 6 }, (_, k) => ({ name: long(`Label ${k} <${n}>`, 40), values: [long(`Value ${k} & more`, 40), long(`Second ${k}`, 40)] })),
      lastAccessDaysAgo: i % 90,
      applicationUsage: i,
      anomalies: [
        {
          type: "SOD_CONFLICT",
          severity,
          message: long(`The user holds entitlements that conflict under the rule {0} <${n}> &`, 250),
          args: [{ type: "STRING", value: long(`Rule ${n} *bold* _italic_ <@U0ALL>`, 120) }],
        },
        { type: "ASSIGNMENT_METHOD", severity: "HIGH", message: long("The user was assigned the app directly, unlike {0}% of users who have it", 250), args: [{ type: "NUMBER", value: "97" }] },
        { type: "USAGE_HISTORY", severity: "MEDIUM", message: long("The user signed in to the app {0}, from a new device", 250), args: [{ type: "RELATIVE_DATE_TO_NOW", value: "2025-06-01T08:00:00Z" }] },
        { type: "PAST_GOVERNANCE_DECISIONS", severity: "LOW", message: long("A reviewer revoked this access in a past certification", 250) },
      ],
      subAccesses: Array.from({ length: 3 }, (_, k) => ({
        name: long(`Entitlement ${n}/${k} <admin> & owner`, 100),
        type: "ENTITLEMENT_VALUE" as const,
        resourceId: `esp${n}${k}`.padEnd(20, "0"),
        severity: SEVERITIES[k % 3]!,
      })),
    });
  }
  return user.id;
}

/** The review's items as the sandbox holds them now, those that can be revoked first. */
export function revocableItems(org: SandboxOrg, sarId: string): { id: string; name: string }[] {
  const sar = org.getSar(sarId);
  if (sar === undefined) throw new Error(`no review ${sarId} in the sandbox`);
  return org
    .triageItems(sar)
    .filter((item) => item.supportedActions.includes("REVOKE_ACCESS"))
    .map((item) => ({ id: item.id, name: item.name }));
}
