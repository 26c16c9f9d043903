// The policy's `proposals:` section: parsed values, defaults, and each
// mistake named with file:line:column like the rest of the policy.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePolicy, PolicyError, type PolicyIssue } from "../../../src/governance/policy/index.js";
import { repoRoot } from "../../support/shared-dir.js";

const BASE = `roles:
  responder:
    oktaGroups: ["Incident Responders"]
permissions:
  sar.launch: [responder]
`;

function issues(text: string): PolicyIssue[] {
  try {
    parsePolicy(text, "p.yaml");
  } catch (error) {
    if (error instanceof PolicyError) return [...error.issues];
    throw error;
  }
  throw new Error("the policy parsed");
}

describe("policy proposals section", () => {
  it("reads channels, window and events with their conditions", () => {
    const policy = parsePolicy(
      `${BASE}proposals:
  window: 2h
  slack:
    channel: C0INCIDENT
  teams:
    tenantId: tenant-demo
    conversationId: "19:incident@thread.tacv2"
  events:
    - type: security.threat.detected
    - type: user.risk.change
      riskLevel: [high, MEDIUM]
`,
      "p.yaml",
    );
    expect(policy.proposals).toEqual({
      windowMs: 2 * 3_600_000,
      channels: { slack: { channel: "C0INCIDENT" }, teams: { tenantId: "tenant-demo", conversationId: "19:incident@thread.tacv2" } },
      events: [{ eventType: "security.threat.detected" }, { eventType: "user.risk.change", riskLevels: ["HIGH", "MEDIUM"] }],
    });
  });

  it("defaults the window to one hour; without the section nothing is proposed", () => {
    expect(parsePolicy(`${BASE}proposals:\n  slack: {channel: C0INCIDENT}\n  events: [{type: security.threat.detected}]\n`, "p.yaml").proposals?.windowMs).toBe(3_600_000);
    expect(parsePolicy(BASE, "p.yaml").proposals).toBeUndefined();
  });

  it.each([
    ["no channel", "proposals:\n  events: [{type: security.threat.detected}]\n", 6, 1, /names no channel/],
    ["no events", "proposals:\n  slack: {channel: C0INCIDENT}\n", 6, 1, /lists no events/],
    ["a #name for a channel", "proposals:\n  slack: {channel: '#incident'}\n  events: [{type: a.b}]\n", 7, 20, /must be a Slack channel id/],
    ["a bad window", "proposals:\n  window: soon\n  slack: {channel: C0INCIDENT}\n  events: [{type: a.b}]\n", 7, 11, /window must be a duration/],
    ["a window too long", "proposals:\n  window: 30d\n  slack: {channel: C0INCIDENT}\n  events: [{type: a.b}]\n", 7, 11, /between 1m and 7d/],
    ["a risk level on an event without one", "proposals:\n  slack: {channel: C0INCIDENT}\n  events:\n    - type: security.threat.detected\n      riskLevel: [HIGH]\n", 10, 7, /applies only to user\.risk\.change/],
    ["an unknown level", "proposals:\n  slack: {channel: C0INCIDENT}\n  events:\n    - type: user.risk.change\n      riskLevel: [SEVERE]\n", 10, 19, /"SEVERE" is not one/],
    ["an unknown key", "proposals:\n  slack: {channel: C0INCIDENT}\n  event: [{type: a.b}]\n", 8, 3, /unknown key "event".*did you mean "events"/],
    ["a malformed event type", "proposals:\n  slack: {channel: C0INCIDENT}\n  events: [{type: 'User Risk!'}]\n", 8, 19, /must be an Okta event type/],
    ["a reply chain for the Teams channel", "proposals:\n  teams: {tenantId: t, conversationId: '19:a@thread.tacv2;messageid=1'}\n  events: [{type: a.b}]\n", 7, 3, /must name the channel/],
  ])("%s is refused with its position", (_what, section, line, column, reason) => {
    const found = issues(`${BASE}${section}`).find((issue) => reason.test(issue.reason));
    expect(found).toMatchObject({ source: "p.yaml", line, column });
  });

  it("policy.example.yaml documents a section that parses", () => {
    const text = readFileSync(join(repoRoot, "policy.example.yaml"), "utf8");
    const policy = parsePolicy(text, "policy.example.yaml");
    expect(policy.proposals?.events.map((e) => e.eventType)).toEqual(
      expect.arrayContaining(["security.threat.detected", "user.risk.change", "user.account.report_suspicious_activity_by_enduser"]),
    );
  });
});
