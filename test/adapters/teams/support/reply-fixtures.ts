/**
 * One or more replies of every `Reply` type and every event, as the core
 * produces them, with user text that is hostile where users can write.
 * `Record<Reply["type"], ...>` makes the compiler insist on every type.
 */
import type { GovernanceEvent } from "../../../../src/governance/notifier.js";
import type { LaunchView, Reply, RequestView, SarView } from "../../../../src/governance/replies.js";
import { pendingLaunch } from "./fake-core.js";
import { hostileTriageView, sampleActionDone, sampleTriageDetails, sampleTriageView } from "../../../support/triage-views.js";

export const HOSTILE = '[click](https://evil.example) **bold** <at>everyone</at> <!channel> _x_ `code` "quoted" # heading';

const hostileLaunch = (overrides: Partial<LaunchView> = {}): LaunchView =>
  pendingLaunch({
    reason: HOSTILE,
    incidentRef: HOSTILE.slice(0, 40),
    requester: { oktaUserId: "00ualice0000000000a1", login: "alice.responder@example.com", displayName: HOSTILE, platform: "teams", chatUserId: "aad-alice" },
    ...overrides,
  });

const decided = (decision: "approve" | "deny"): LaunchView =>
  hostileLaunch({
    state: decision === "approve" ? "APPROVED" : "DENIED",
    approval: {
      required: true,
      minApprovals: 1,
      expiresAt: null,
      decisions: [
        {
          approver: { oktaUserId: "00ubob00000000000000", login: "bob.lead@example.com", platform: "teams", chatUserId: "aad-bob" },
          decision,
          reason: decision === "deny" ? HOSTILE : null,
          at: new Date("2031-01-01T10:05:00Z"),
        },
      ],
    },
  });

export const SAR: SarView = {
  id: "sar00000000000000001",
  name: `SAR dan.target@example.com ${HOSTILE}`,
  status: "ACTIVE",
  endTime: "2031-01-08T10:00:00Z",
  created: "2031-01-01T10:06:00Z",
  principal: { oktaUserId: "00udan00000000000000", login: "dan.target@example.com" },
  reviewers: [{ oktaUserId: "00uerin0000000000000", login: "erin.reviewer@example.com" }],
  stats: { accessItems: 12, anomalies: 1 },
  url: "https://example.okta.com/governance/reviews/sar00000000000000001",
  launchReference: "L7K2Q9X",
};
export const REQUEST: RequestView = {
  id: "req00000000000000001",
  status: "PENDING",
  grantStatus: "PENDING",
  requestedFor: { oktaUserId: "00udan00000000000000", login: "dan.target@example.com", displayName: HOSTILE },
  requestedBy: { id: "00ualice0000000000a1" },
  resource: { type: "APP", id: "0oa1", name: HOSTILE },
  created: "2031-01-01T09:00:00Z",
  lastUpdated: "2031-01-01T09:30:00Z",
  approvals: [{ status: "PENDING", by: "bob.lead@example.com", at: "2031-01-01T09:10:00Z" }],
  url: "https://example.okta.com/requests/req00000000000000001",
};

export const REPLIES: Record<Reply["type"], Reply[]> = {
  text: [{ type: "text", text: HOSTILE }],
  "launch-form": [
    { type: "launch-form", values: { target: "dan@example.com", reviewers: ["erin.reviewer@example.com"], durationDays: 7, reason: HOSTILE, incidentRef: "INC-4711" } },
    {
      type: "launch-form",
      values: { reviewers: [], durationDays: 0 },
      errors: { target: HOSTILE, reviewers: "Name at least one reviewer.", durationDays: "1 to 180 days.", reason: "Give a reason.", other: "Something else." },
    },
  ],
  "approval-card": [{ type: "approval-card", launch: hostileLaunch() }],
  "launch-queued": [{ type: "launch-queued", launch: hostileLaunch({ state: "LAUNCHING", approval: { required: false, minApprovals: 0, expiresAt: null, decisions: [] } }) }],
  "launch-status": [
    { type: "launch-status", launch: hostileLaunch({ state: "LAUNCHED", sarId: SAR.id, sarStatus: "PENDING" }) },
    { type: "launch-status", launch: hostileLaunch({ state: "FAILED", failure: { code: "okta_forbidden", message: HOSTILE } }) },
    { type: "launch-status", launch: hostileLaunch({ state: "EXPIRED" }) },
    { type: "launch-status", launch: hostileLaunch({ state: "CANCELED" }) },
  ],
  "decision-recorded": [
    { type: "decision-recorded", launch: decided("approve"), decision: "approve", outcome: "approved" },
    { type: "decision-recorded", launch: decided("deny"), decision: "deny", outcome: "denied" },
    { type: "decision-recorded", launch: hostileLaunch(), decision: "approve", outcome: "awaiting-more" },
  ],
  "sar-status": [{ type: "sar-status", sar: SAR }],
  "request-status": [{ type: "request-status", request: REQUEST }],
  "request-list": [
    { type: "request-list", items: [REQUEST, { ...REQUEST, id: "req00000000000000002", status: "APPROVED" }], filter: { status: "PENDING", user: { oktaUserId: "00udan00000000000000", login: "dan.target@example.com" } }, nextCursor: "cursor-2" },
    { type: "request-list", items: [], filter: {} },
  ],
  "message-posted": [{ type: "message-posted", requestId: REQUEST.id, messageId: "msg1", text: HOSTILE }],
  "watch-started": [
    { type: "watch-started", kind: "sar", id: SAR.id, alreadyWatching: false, currentStatus: "PENDING" },
    { type: "watch-started", kind: "request", id: REQUEST.id, alreadyWatching: true },
  ],
  whoami: [
    {
      type: "whoami",
      access: {
        oktaUserId: "00ualice0000000000a1" as never,
        login: "alice.responder@example.com",
        status: "ACTIVE",
        roles: [{ role: "responder", because: 'member of Okta group "Incident Responders"' }],
        allowedActions: ["sar.launch", "sar.read"],
        deniedActions: [{ action: "sar.approve", requiredRoles: ["approver"], reason: "Approving needs the role approver." }],
      },
    },
  ],
  "identity-linked": [{ type: "identity-linked", chatUserId: "aad-dan", platform: "teams", person: { oktaUserId: "00udan00000000000000", login: "dan.target@example.com", displayName: HOSTILE } }],
  "audit-log": [
    {
      type: "audit-log",
      entries: [
        {
          id: "1",
          at: new Date("2031-01-01T10:00:00Z"),
          actor: { platform: "teams", tenantId: "tenant-demo", chatUserId: "aad-alice", oktaUserId: "00ualice0000000000a1" as never },
          action: "sar.launch.submit",
          target: { oktaUserId: "00udan00000000000000" as never, sarId: null, requestId: null },
          outcome: "requested",
          reason: HOSTILE,
          launchId: null,
          correlationId: "c1",
          details: {},
        },
      ],
      nextCursor: "1",
    },
  ],
  help: [{ type: "help", entries: [{ usage: "sar status <sar… | req…>", description: HOSTILE }] }],
  version: [{ type: "version", name: HOSTILE, version: HOSTILE }],
  "doctor-report": [
    {
      type: "doctor-report",
      ok: false,
      checks: [
        { id: "okta.scope.okta.roles.read", area: "okta", title: "scope okta.roles.read", status: "missing", detail: HOSTILE, fix: [HOSTILE, "Grant it."] },
        { id: "database.connect", area: "database", title: "connection", status: "ok", detail: HOSTILE, notes: [HOSTILE] },
        { id: "slack.auth", area: "slack", title: "Slack", status: "off", detail: "Slack is off" },
      ],
    },
  ],
  error: [{ type: "error", code: "not_allowed", message: HOSTILE, hint: "Ask an admin.", fields: { reason: "Too long." } }],
  "triage-card": [{ type: "triage-card", triage: sampleTriageView() }, { type: "triage-card", triage: hostileTriageView() }, { type: "triage-card", triage: { ...sampleTriageView(), readOnly: true, controls: [], sar: { ...sampleTriageView().sar, status: "CLOSED" } } }],
  "triage-details": [{ type: "triage-details", details: sampleTriageDetails() }],
  "triage-action-done": [{ type: "triage-action-done", done: sampleActionDone({ note: HOSTILE }), triage: sampleTriageView() }],
  "triage-summary": [
    { type: "triage-summary", sarId: "sar00000000000000001", summary: { status: "ok", message: HOSTILE } },
    { type: "triage-summary", sarId: "sar00000000000000001", summary: { status: "not-enabled", hint: "Turn on governance AI." } },
  ],
};

export const EVENTS: GovernanceEvent[] = [
  { type: "launch-updated", launch: decided("approve") },
  { type: "launch-succeeded", launch: hostileLaunch({ state: "LAUNCHED", sarId: SAR.id, sarStatus: "PENDING" }), sar: SAR },
  { type: "launch-delayed", launch: hostileLaunch({ state: "LAUNCHING" }), reason: HOSTILE, retryAt: new Date("2031-01-01T10:10:00Z") },
  { type: "launch-failed", launch: hostileLaunch({ state: "FAILED" }), code: "okta_forbidden", message: HOSTILE, hint: "Grant the scope." },
  { type: "sar-status-changed", sar: SAR, previousStatus: "PENDING" },
  { type: "request-status-changed", request: REQUEST, previousStatus: null },
];
