// The Okta client's triage operations against the real sandbox over HTTP:
// every operation, paging, priority order and filters, item and review
// actions (never re-sent after an unknown outcome), both list shapes the
// spec allows, a CLOSED review and a withheld scope; every exchange held to
// Okta's official OpenAPI specs.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOktaClient, type OktaAuth } from "../../../src/adapters/okta/index.js";
import {
  OktaBadRequest,
  OktaForbidden,
  OktaOutcomeUnknown,
  SAR_ACCESS_ORDER_BY_PRIORITY,
  scim,
} from "../../../src/governance/okta/index.js";
import type { OktaUserId, SarId } from "../../../src/governance/okta/types.js";
import type { OktaGovernance } from "../../../src/governance/ports.js";
import { BOT_SCOPES, startSandbox, type RunningSandbox } from "../../../src/sandbox/index.js";
import { DEMO_APPS, DEMO_USERS } from "../../../src/sandbox/org/index.js";
import { contractErrors, loadOktaContract, oktaSpecsPresent } from "../../support/okta-openapi.js";
import { recordingFetch, type RecordedExchange } from "../../support/recording-fetch.js";
import { sharedAbsentMessage } from "../../support/shared-dir.js";

const id = (s: string) => s as OktaUserId;
const { dan, erin, frank } = DEMO_USERS;
const silent = pino({ level: "silent" });
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ sarActivationDelayMs: 0, rateLimits: { "governance-sar": { limit: 1_000 } } });
});
afterAll(async () => {
  await sandbox.close();
});

function clientFor(over: { fetch?: typeof fetch; auth?: OktaAuth } = {}): { client: OktaGovernance; exchanges: RecordedExchange[] } {
  const recorder = recordingFetch(over.fetch);
  const auth = over.auth ?? { kind: "ssws", apiToken: sandbox.apiToken };
  const client = createOktaClient({ orgUrl: new URL(sandbox.url), auth, logger: silent, fetch: recorder.fetch, retry: { minDelayMs: 1, maxDelayMs: 5 } });
  return { client, exchanges: recorder.exchanges };
}

async function reviewOfDan(client: OktaGovernance, ref: string): Promise<SarId> {
  const sar = await client.createSecurityAccessReview({
    principalId: id(dan.id),
    name: `SAR dan ${ref}`,
    endTime: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    reviewerIds: [id(erin.id)],
  });
  return sar.id;
}

const itemIdOf = async (client: OktaGovernance, sarId: SarId, appId: string) => {
  const page = await client.listSecurityAccessReviewAccesses(sarId, { limit: 200 });
  const item = page.items.find((i) => i.resourceId === appId);
  if (!item) throw new Error(`no item for ${appId}`);
  return item;
};

describe("triage reads", () => {
  it("reads the principal, pages through the accesses highest priority first, filters them, and reads sub-accesses, anomalies and history", async () => {
    const { client } = clientFor();
    const sarId = await reviewOfDan(client, "reads");

    const principal = await client.getSecurityAccessReviewPrincipalDetails(sarId);
    expect(principal).toMatchObject({ id: dan.id, email: dan.email, status: "ACTIVE", department: "Engineering" });
    expect(principal.lastLoginInfo).toMatchObject({ ipAddress: "203.0.113.77", device: expect.any(String) });

    const seen: string[] = [];
    const severities: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await client.listSecurityAccessReviewAccesses(sarId, { orderBy: SAR_ACCESS_ORDER_BY_PRIORITY, limit: 1, ...(after !== undefined && { after }) });
      pages += 1;
      seen.push(...page.items.map((i) => i.name));
      severities.push(...page.items.map((i) => i.severity ?? "?"));
      after = page.nextAfter;
    } while (after !== undefined && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([DEMO_APPS.awsConsole.label, DEMO_APPS.github.label, DEMO_APPS.slack.label]);
    expect(severities).toEqual(["HIGH", "MEDIUM", "LOW"]);

    const high = await client.listSecurityAccessReviewAccesses(sarId, { filter: scim.eq("priority", "HIGH") });
    expect(high.items.map((i) => i.name)).toEqual([DEMO_APPS.awsConsole.label]);
    const labelled = await client.listSecurityAccessReviewAccesses(sarId, { filter: scim.co("governanceLabel", "crown") });
    expect(labelled.items.map((i) => i.name)).toEqual([DEMO_APPS.awsConsole.label]);

    const aws = await itemIdOf(client, sarId, DEMO_APPS.awsConsole.id);
    expect(aws.supportedActions).toEqual(["REVOKE_ACCESS", "FLAG_FOR_MANUAL_REMEDIATION"]);
    expect(aws.appInfo?.governanceLabels?.map((l) => l.name)).toEqual(["Crown Jewel", "Privileged"]);
    const slack = await itemIdOf(client, sarId, DEMO_APPS.slack.id);
    expect(slack.supportedActions).not.toContain("REVOKE_ACCESS");

    const subs = await client.listSecurityAccessReviewSubAccesses(sarId, aws.id, { limit: 2 });
    expect(subs.items).toHaveLength(2);
    expect(subs.nextAfter).toBeDefined();
    expect(subs.items.every((s) => typeof s.resourceId === "string")).toBe(true);
    const groups = await client.listSecurityAccessReviewSubAccesses(sarId, aws.id, { filter: scim.eq("resourceType", "GROUP") });
    expect(groups.items).toEqual([expect.objectContaining({ type: "GROUP", supportedActions: ["FLAG_FOR_MANUAL_REMEDIATION"] })]);

    const anomalies = await client.listSecurityAccessReviewAccessesAnomalies(sarId, aws.id);
    expect(anomalies.map((a) => a.type).sort()).toEqual(["ASSIGNMENT_METHOD", "PAST_GOVERNANCE_DECISIONS", "SOD_CONFLICT", "USAGE_HISTORY"]);

    await client.addSecurityAccessReviewComment(sarId, "Looking at AWS first");
    const history = await client.listSecurityAccessReviewHistory(sarId, { limit: 20 });
    expect(history.items.map((h) => h.message)).toEqual([`created SAR dan reads`, "commented: Looking at AWS first"]);
    await expect(client.listSecurityAccessReviewActions(sarId)).resolves.toEqual(["CLOSE_REVIEW"]);
  });

  it("reads anomalies, actions and history whether Okta answers a bare array or { data, _links }", async () => {
    const sarId = await reviewOfDan(clientFor().client, "shapes");
    // Wraps the sandbox's bare arrays the way the spec's examples show them.
    const wrapping: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const text = await res.text();
      const body: unknown = text === "" ? undefined : JSON.parse(text);
      if (!Array.isArray(body)) return new Response(text === "" ? null : text, { status: res.status, headers: res.headers });
      return new Response(JSON.stringify({ data: body, _links: { self: { href: res.url } } }), { status: res.status, headers: res.headers });
    };
    const bare = clientFor().client;
    const wrapped = clientFor({ fetch: wrapping });
    const aws = await itemIdOf(bare, sarId, DEMO_APPS.awsConsole.id);
    await bare.executeSecurityAccessReviewAccessesAction(sarId, aws.id, "REVOKE_ACCESS");
    for (const c of [bare, wrapped.client]) {
      expect((await c.listSecurityAccessReviewAccessesAnomalies(sarId, aws.id)).length).toBe(4);
      await expect(c.listSecurityAccessReviewActions(sarId)).resolves.toEqual(["CLOSE_REVIEW", "RESTORE_ALL_ACCESS"]);
      expect((await c.listSecurityAccessReviewHistory(sarId)).items.map((h) => h.message)).toContain(`revoked access to ${DEMO_APPS.awsConsole.label}`);
    }
    expect(wrapped.exchanges.some((e) => typeof e.response.body === "object" && e.response.body !== null && "data" in e.response.body)).toBe(true);
  });
});

describe("triage actions", () => {
  it("revokes an item (remediation moves on), restores all, extends, replaces reviewers and closes; a CLOSED review refuses further actions", async () => {
    const { client } = clientFor();
    const sarId = await reviewOfDan(client, "actions");
    const aws = await itemIdOf(client, sarId, DEMO_APPS.awsConsole.id);
    await client.executeSecurityAccessReviewAccessesAction(sarId, aws.id, "REVOKE_ACCESS");
    const revoking = await itemIdOf(client, sarId, DEMO_APPS.awsConsole.id);
    expect(revoking).toMatchObject({ remediationStatus: "IN_PROGRESS", supportedActions: [] });
    // An action the item does not support now is refused by Okta, and nothing changes.
    await expect(client.executeSecurityAccessReviewAccessesAction(sarId, aws.id, "REVOKE_ACCESS")).rejects.toMatchObject({ status: 409, oktaErrorCode: "E0000169" });

    await client.executeSecurityAccessReviewAction(sarId, "RESTORE_ALL_ACCESS");
    expect(sandbox.org.actions(sarId).map((a) => a.action)).toEqual(["REVOKE_ACCESS", "RESTORE_ACCESS"]);

    const endTime = new Date(Date.now() + 20 * 86_400_000).toISOString();
    const extended = await client.updateSecurityAccessReview(sarId, { endTime });
    expect(Date.parse(extended.endTime)).toBe(Date.parse(endTime));
    const replaced = await client.updateSecurityAccessReview(sarId, { reviewerIds: [id(frank.id)] });
    expect(replaced.reviewerSettings.userSettings?.includedUserIds).toEqual([frank.id]);

    await client.executeSecurityAccessReviewAction(sarId, "CLOSE_REVIEW");
    await expect(client.getSecurityAccessReview(sarId)).resolves.toMatchObject({ status: "CLOSED" });
    await expect(client.listSecurityAccessReviewActions(sarId)).resolves.toEqual([]);
    expect((await itemIdOf(client, sarId, DEMO_APPS.github.id)).supportedActions).toEqual([]);
    const before = sandbox.org.actions(sarId).length;
    const github = await itemIdOf(client, sarId, DEMO_APPS.github.id);
    for (const attempt of [
      () => client.executeSecurityAccessReviewAccessesAction(sarId, github.id, "REVOKE_ACCESS"),
      () => client.executeSecurityAccessReviewAction(sarId, "CLOSE_REVIEW"),
      () => client.executeSecurityAccessReviewAction(sarId, "RESTORE_ALL_ACCESS"),
      () => client.updateSecurityAccessReview(sarId, { endTime }),
    ]) {
      const err = await attempt().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OktaBadRequest);
      expect(err).toMatchObject({ status: 409, oktaErrorCode: "E0000169" });
    }
    expect(sandbox.org.actions(sarId).length).toBe(before);
  });

  it("refuses bad input before calling Okta", async () => {
    const { client, exchanges } = clientFor();
    const sarId = "sar00000000000000abc" as SarId;
    await expect(client.executeSecurityAccessReviewAccessesAction(sarId, "aim1", "DELETE_USER" as never)).rejects.toBeInstanceOf(OktaBadRequest);
    await expect(client.executeSecurityAccessReviewAction(sarId, "DROP" as never)).rejects.toBeInstanceOf(OktaBadRequest);
    await expect(client.executeSecurityAccessReviewAccessesAction(sarId, "..", "REVOKE_ACCESS")).rejects.toBeInstanceOf(OktaBadRequest);
    await expect(client.updateSecurityAccessReview(sarId, {})).rejects.toBeInstanceOf(OktaBadRequest);
    await expect(client.updateSecurityAccessReview(sarId, { endTime: "2001-01-01T00:00:00Z" })).rejects.toBeInstanceOf(OktaBadRequest);
    await expect(client.updateSecurityAccessReview(sarId, { reviewerIds: [id(erin.id), id(erin.id)] })).rejects.toBeInstanceOf(OktaBadRequest);
    expect(exchanges).toEqual([]);
  });

  it("never re-sends an item or review action after a 5xx: one POST, OktaOutcomeUnknown, and the re-read shows it did not land", async () => {
    const { client } = clientFor();
    const sarId = await reviewOfDan(client, "unknown-5xx");
    const aws = await itemIdOf(client, sarId, DEMO_APPS.awsConsole.id);
    const faults = ["executeSecurityAccessReviewAccessesAction", "executeSecurityAccessReviewAction"].map((operationId) =>
      sandbox.faults.errorRate(1, { operationId, status: 502 }),
    );
    try {
      const count = (operationId: string) => sandbox.calls.count({ operationId });
      const [items, reviews] = [count("executeSecurityAccessReviewAccessesAction"), count("executeSecurityAccessReviewAction")];
      await expect(client.executeSecurityAccessReviewAccessesAction(sarId, aws.id, "REVOKE_ACCESS")).rejects.toBeInstanceOf(OktaOutcomeUnknown);
      await expect(client.executeSecurityAccessReviewAction(sarId, "CLOSE_REVIEW")).rejects.toBeInstanceOf(OktaOutcomeUnknown);
      expect(count("executeSecurityAccessReviewAccessesAction") - items).toBe(1);
      expect(count("executeSecurityAccessReviewAction") - reviews).toBe(1);
    } finally {
      for (const f of faults) sandbox.faults.remove(f);
    }
    expect((await itemIdOf(client, sarId, DEMO_APPS.awsConsole.id)).remediationStatus).toBe("NONE");
    await expect(client.getSecurityAccessReview(sarId)).resolves.toMatchObject({ status: "ACTIVE" });
  });

  it("never re-sends an item action whose answer was lost after Okta acted: the re-read shows the revoke in progress", async () => {
    let sent = 0;
    // Delivers the POST to the sandbox, then loses the answer, as a dropped connection would.
    const losing: typeof fetch = async (input, init) => {
      const req = new Request(input, init);
      const res = await fetch(req);
      if (req.method !== "POST" || !req.url.includes("/accesses/")) return res;
      sent += 1;
      throw new TypeError("fetch failed", { cause: new Error("socket hang up") });
    };
    const plain = clientFor().client;
    const sarId = await reviewOfDan(plain, "unknown-lost");
    const aws = await itemIdOf(plain, sarId, DEMO_APPS.awsConsole.id);
    const { client } = clientFor({ fetch: losing });
    await expect(client.executeSecurityAccessReviewAccessesAction(sarId, aws.id, "REVOKE_ACCESS")).rejects.toBeInstanceOf(OktaOutcomeUnknown);
    expect(sent).toBe(1);
    expect((await itemIdOf(plain, sarId, DEMO_APPS.awsConsole.id)).remediationStatus).toBe("IN_PROGRESS");
  });

  it("answers the AI summaries as not enabled while the org has governance AI off, and with Okta's text once it is on", async () => {
    const { client } = clientFor();
    const sarId = await reviewOfDan(client, "ai");
    const aws = await itemIdOf(client, sarId, DEMO_APPS.awsConsole.id);
    sandbox.org.governanceAi.enabled = false;
    await expect(client.generateSecurityAccessReviewSummary(sarId)).resolves.toMatchObject({ status: "not-enabled", hint: expect.stringContaining("governanceAI") });
    await expect(client.generateSecurityAccessReviewAccessesSummary(sarId, aws.id)).resolves.toMatchObject({ status: "not-enabled" });
    sandbox.org.governanceAi.enabled = true;
    try {
      await expect(client.generateSecurityAccessReviewSummary(sarId)).resolves.toEqual({ status: "ok", message: expect.stringContaining("AWS Console") });
      await expect(client.generateSecurityAccessReviewAccessesSummary(sarId, aws.id)).resolves.toEqual({ status: "ok", message: expect.stringContaining("HIGH") });
    } finally {
      sandbox.org.governanceAi.enabled = false;
    }
  });

  it("is refused without the manage scope (403 naming it) and changes nothing", async () => {
    const scopes = BOT_SCOPES.filter((s) => s !== "okta.governance.securityAccessReviews.admin.manage");
    const app = await sandbox.registerClient({ scopes, keyAlg: "ES256" });
    const auth: OktaAuth = { kind: "privateKeyJwt", clientId: app.clientId, privateKey: JSON.stringify(app.privateJwk), keyId: app.keyId, scopes, dpop: false };
    const plain = clientFor().client;
    const sarId = await reviewOfDan(plain, "scope");
    const aws = await itemIdOf(plain, sarId, DEMO_APPS.awsConsole.id);
    const { client } = clientFor({ auth });
    await expect(client.listSecurityAccessReviewAccesses(sarId)).resolves.toHaveProperty("items");
    // One at a time: a call started before the previous one's refusal is awaited would reject unhandled meanwhile.
    for (const attempt of [
      () => client.executeSecurityAccessReviewAccessesAction(sarId, aws.id, "REVOKE_ACCESS"),
      () => client.executeSecurityAccessReviewAction(sarId, "CLOSE_REVIEW"),
      () => client.updateSecurityAccessReview(sarId, { reviewerIds: [id(frank.id)] }),
    ]) {
      const err = await attempt().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OktaForbidden);
      expect(err).toMatchObject({ missingScope: "okta.governance.securityAccessReviews.admin.manage" });
    }
    expect(sandbox.org.actions(sarId)).toEqual([]);
    await expect(plain.getSecurityAccessReview(sarId)).resolves.toMatchObject({ status: "ACTIVE", reviewerSettings: { userSettings: { includedUserIds: [erin.id] } } });
  });
});

describe.skipIf(!oktaSpecsPresent)(oktaSpecsPresent ? "triage exchanges against Okta's OpenAPI specs" : `triage contract: ${sharedAbsentMessage}`, () => {
  it("every request the client sends and every answer the sandbox gives conforms", async () => {
    const contract = await loadOktaContract();
    const { client, exchanges } = clientFor();
    const sarId = await reviewOfDan(client, "contract");
    const aws = await itemIdOf(client, sarId, DEMO_APPS.awsConsole.id);
    await client.getSecurityAccessReviewPrincipalDetails(sarId);
    await client.listSecurityAccessReviewAccesses(sarId, { orderBy: SAR_ACCESS_ORDER_BY_PRIORITY, filter: scim.eq("priority", "HIGH"), limit: 1 });
    await client.listSecurityAccessReviewSubAccesses(sarId, aws.id, { limit: 2 });
    await client.listSecurityAccessReviewAccessesAnomalies(sarId, aws.id);
    await client.executeSecurityAccessReviewAccessesAction(sarId, aws.id, "REVOKE_ACCESS");
    await client.listSecurityAccessReviewActions(sarId);
    await client.executeSecurityAccessReviewAction(sarId, "RESTORE_ALL_ACCESS");
    await client.updateSecurityAccessReview(sarId, { endTime: new Date(Date.now() + 9 * 86_400_000).toISOString(), reviewerIds: [id(frank.id)] });
    await client.addSecurityAccessReviewComment(sarId, "Revoked AWS Console - erin via chat");
    await client.listSecurityAccessReviewHistory(sarId, { limit: 2 });
    await client.generateSecurityAccessReviewSummary(sarId);
    await client.executeSecurityAccessReviewAction(sarId, "CLOSE_REVIEW");
    const operations = new Set(exchanges.map((e) => contract.validateRequest(e.request).operationId));
    expect([...operations].sort()).toEqual([
      "addSecurityAccessReviewComment",
      "createSecurityAccessReview",
      "executeSecurityAccessReviewAccessesAction",
      "executeSecurityAccessReviewAction",
      "generateSecurityAccessReviewSummary",
      "getSecurityAccessReviewPrincipalDetails",
      "listSecurityAccessReviewAccesses",
      "listSecurityAccessReviewAccessesAnomalies",
      "listSecurityAccessReviewActions",
      "listSecurityAccessReviewHistory",
      "listSecurityAccessReviewSubAccesses",
      "updateSecurityAccessReview",
    ]);
    expect(contractErrors(contract, exchanges)).toEqual([]);
  });
});
