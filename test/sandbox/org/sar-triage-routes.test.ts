/**
 * The org's triage routes on the sandbox clock: remediation moves on after
 * a revoke and settles, flags and restores, history records it, a review
 * that is not ACTIVE is read-only, and hostile ids change nothing.
 */
import { describe, expect, it } from "vitest";
import { DEMO_APPS, DEMO_ENTITLEMENTS, DEMO_USERS } from "../../../src/sandbox/org/index.js";
import { orgHarness, T0 } from "./route-harness.js";

const DAY = 86_400_000;
type Item = { id: string; name: string; resourceId: string; severity: string; supportedActions: string[]; remediationStatus: string };

async function activeReviewOfDan(options: { sarActivationDelayMs?: number } = {}) {
  const h = orgHarness({ sarActivationDelayMs: 0, remediationDelayMs: 10_000, ...options });
  const sar = h.org.createSar({
    name: "SAR dan triage",
    principalId: DEMO_USERS.dan.id,
    reviewerIds: [DEMO_USERS.erin.id],
    endTime: new Date(T0.getTime() + 7 * DAY).toISOString(),
    createdBy: DEMO_USERS.carol.id,
  });
  const params = { securityAccessReviewId: sar.id };
  const items = async () => ((await h.call("listSecurityAccessReviewAccesses", { params })).body as { data: Item[] }).data;
  const item = async (appId: string) => (await items()).find((i) => i.resourceId === appId)!;
  const act = (targetId: string, type: string) => h.call("executeSecurityAccessReviewAccessesAction", { params: { ...params, securityAccessReviewTargetId: targetId }, body: { type } });
  return { ...h, sar, params, items, item, act };
}

describe("triage routes", () => {
  it("lists dan's apps highest priority first, with labels, and some without Revoke", async () => {
    const { items } = await activeReviewOfDan();
    const listed = await items();
    expect(listed.map((i) => [i.name, i.severity])).toEqual([
      [DEMO_APPS.awsConsole.label, "HIGH"],
      [DEMO_APPS.github.label, "MEDIUM"],
      [DEMO_APPS.slack.label, "LOW"],
    ]);
    expect(listed.find((i) => i.resourceId === DEMO_APPS.slack.id)?.supportedActions).toEqual(["FLAG_FOR_MANUAL_REMEDIATION"]);
    expect(listed.every((i) => i.remediationStatus === "NONE")).toBe(true);
  });

  it("moves a revoke from IN_PROGRESS to REMEDIATED on the clock, then restores it, and history tells it", async () => {
    const { item, act, clock, call, params } = await activeReviewOfDan();
    const aws = await item(DEMO_APPS.awsConsole.id);
    expect((await act(aws.id, "REVOKE_ACCESS")).status).toBe(202);
    expect(await item(DEMO_APPS.awsConsole.id)).toMatchObject({ remediationStatus: "IN_PROGRESS", supportedActions: [] });
    clock.advance(9_999);
    expect((await item(DEMO_APPS.awsConsole.id)).remediationStatus).toBe("IN_PROGRESS");
    clock.advance(1);
    expect(await item(DEMO_APPS.awsConsole.id)).toMatchObject({ remediationStatus: "REMEDIATED", supportedActions: ["RESTORE_ACCESS", "FLAG_FOR_MANUAL_RESTORATION"] });
    const actions = (await call("listSecurityAccessReviewActions", { params })).body;
    expect(actions).toEqual([{ actionType: "CLOSE_REVIEW" }, { actionType: "RESTORE_ALL_ACCESS" }]);

    expect((await act(aws.id, "RESTORE_ACCESS")).status).toBe(202);
    clock.advance(10_000);
    expect(await item(DEMO_APPS.awsConsole.id)).toMatchObject({ remediationStatus: "NONE", supportedActions: ["REVOKE_ACCESS", "FLAG_FOR_MANUAL_REMEDIATION"] });

    const history = (await call("listSecurityAccessReviewHistory", { params })).body as { message: string; systemGenerated: boolean; principalProfile?: { id: string } }[];
    expect(history.map((h) => [h.message, h.systemGenerated])).toEqual([
      ["created SAR dan triage", false],
      [`revoked access to ${DEMO_APPS.awsConsole.label}`, false],
      [`Access was revoked: ${DEMO_APPS.awsConsole.label}`, true],
      [`restored access to ${DEMO_APPS.awsConsole.label}`, false],
      [`Access was restored: ${DEMO_APPS.awsConsole.label}`, true],
    ]);
    expect(history[0]?.principalProfile?.id).toBe(DEMO_USERS.carol.id);
  });

  it("flags an item Okta cannot revoke for manual remediation, and refuses a revoke of it with 409 changing nothing", async () => {
    const { item, act, org, sar } = await activeReviewOfDan();
    const slack = await item(DEMO_APPS.slack.id);
    const refused = await act(slack.id, "REVOKE_ACCESS");
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ errorCode: "E0000169", errorCauses: [expect.objectContaining({ reason: "OPERATION_STATUS_CONFLICT" })] });
    expect(org.actions(sar.id)).toEqual([]);
    expect((await act(slack.id, "FLAG_FOR_MANUAL_REMEDIATION")).status).toBe(202);
    expect(await item(DEMO_APPS.slack.id)).toMatchObject({ remediationStatus: "PENDING_MANUAL_REMEDIATION", supportedActions: ["FLAG_FOR_MANUAL_RESTORATION"] });
  });

  it("acts on a sub-access (an entitlement) by its id, and lists sub-accesses with the resourceId the spec requires", async () => {
    const { item, act, call, params } = await activeReviewOfDan();
    const aws = await item(DEMO_APPS.awsConsole.id);
    const res = await call("listSecurityAccessReviewSubAccesses", { params: { ...params, securityAccessReviewAccessId: aws.id } });
    const subs = (res.body as { data: { id: string; resourceId: string; type: string; remediationStatus: string }[] }).data;
    const admin = subs.find((s) => s.resourceId === DEMO_ENTITLEMENTS.awsAdministratorAccess)!;
    expect(admin.type).toBe("ENTITLEMENT_VALUE");
    expect((await act(admin.id, "REVOKE_ACCESS")).status).toBe(202);
    const after = await call("listSecurityAccessReviewSubAccesses", { params: { ...params, securityAccessReviewAccessId: aws.id } });
    expect((after.body as { data: typeof subs }).data.find((s) => s.id === admin.id)?.remediationStatus).toBe("IN_PROGRESS");
    expect((await item(DEMO_APPS.awsConsole.id)).remediationStatus).toBe("NONE");
  });

  it("answers a forged item id and another review's item with 404 and a PENDING review with 409, changing nothing", async () => {
    const { act, org, sar, item } = await activeReviewOfDan();
    const other = org.createSar({ name: "other", principalId: DEMO_USERS.alice.id, reviewerIds: [DEMO_USERS.erin.id], endTime: new Date(T0.getTime() + 7 * DAY).toISOString(), createdBy: DEMO_USERS.carol.id });
    const otherItem = org.triageItems(org.getSar(other.id)!)[0]!;
    expect((await act("aim00000000000forged", "REVOKE_ACCESS")).status).toBe(404);
    expect((await act(otherItem.id, "REVOKE_ACCESS")).status).toBe(404);
    expect(org.actions(sar.id)).toEqual([]);
    expect(org.actions(other.id)).toEqual([]);
    const pending = await activeReviewOfDan({ sarActivationDelayMs: 60_000 });
    expect((await pending.items()).length).toBe(0);
    expect((await pending.act((await item(DEMO_APPS.awsConsole.id)).id, "REVOKE_ACCESS")).status).toBe(409);
  });

  it("makes a CLOSED review read-only: no item actions offered, every action and update refused with 409", async () => {
    const { items, act, call, params, org, sar } = await activeReviewOfDan();
    org.closeSar(sar.id, DEMO_USERS.carol.id);
    const listed = await items();
    expect(listed.every((i) => i.supportedActions.length === 0)).toBe(true);
    expect((await call("listSecurityAccessReviewActions", { params })).body).toEqual([]);
    const refusals = [
      await act(listed[0]!.id, "REVOKE_ACCESS"),
      await call("executeSecurityAccessReviewAction", { params, body: { actionType: "CLOSE_REVIEW" } }),
      await call("executeSecurityAccessReviewAction", { params, body: { actionType: "RESTORE_ALL_ACCESS" } }),
      await call("updateSecurityAccessReview", { params, body: { endTime: new Date(T0.getTime() + 9 * DAY).toISOString() } }),
    ];
    expect(refusals.map((r) => [r.status, (r.body as { errorCode: string }).errorCode])).toEqual(Array(4).fill([409, "E0000169"]));
    expect(org.actions(sar.id)).toEqual([]);
    expect(org.getSar(sar.id)?.endTime).toBe(sar.endTime);
  });

  it("shows the principal's department, manager, last sign-in and admin roles", async () => {
    const { call, params } = await activeReviewOfDan();
    const res = await call("getSecurityAccessReviewPrincipalDetails", { params });
    expect(res.body).toMatchObject({
      id: DEMO_USERS.dan.id,
      department: "Engineering",
      manager: "Erin Reviewer",
      lastLoginInfo: { ipAddress: "203.0.113.77", location: { city: "Sao Paulo" } },
      oktaAdminRoles: [],
    });
  });

  it("updates the end time and reviewers, refusing the principal as a reviewer and an end time in the past", async () => {
    const { call, params, org, sar } = await activeReviewOfDan();
    const later = new Date(T0.getTime() + 14 * DAY).toISOString();
    expect((await call("updateSecurityAccessReview", { params, body: { endTime: later } })).status).toBe(200);
    expect(org.getSar(sar.id)?.endTime).toBe(later);
    for (const body of [
      { reviewerSettings: { type: "USER", userSettings: { includedUserIds: [DEMO_USERS.dan.id] } } },
      { endTime: new Date(T0.getTime() - DAY).toISOString() },
      {},
    ]) {
      const res = await call("updateSecurityAccessReview", { params, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(org.getSar(sar.id)?.reviewerIds).toEqual([DEMO_USERS.erin.id]);
  });
});
