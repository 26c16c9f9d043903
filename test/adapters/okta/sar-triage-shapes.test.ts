// Reading Okta's triage answers: both list shapes, unknown actions and
// severities dropped (never offered as buttons), malformed answers refused.
import { describe, expect, it } from "vitest";
import { OktaInvalidResponse } from "../../../src/governance/okta/errors.js";
import { listBody, toSarAccessItem, toSarAiSummary, toSarReviewActions } from "../../../src/adapters/okta/sar-triage-shapes.js";

const op = "listSecurityAccessReviewAccesses";

describe("triage answers", () => {
  it("reads a list as a bare array or as { data, _links }", () => {
    expect(listBody([{ a: 1 }], op)).toEqual([{ a: 1 }]);
    expect(listBody({ data: [{ a: 1 }], _links: { self: { href: "x" } } }, op)).toEqual([{ a: 1 }]);
    expect(listBody(undefined, op)).toEqual([]);
    expect(() => listBody({ data: "nope" }, op)).toThrow(OktaInvalidResponse);
    expect(() => listBody("nope", op)).toThrow(OktaInvalidResponse);
  });

  it("keeps only the item actions and severities it knows, and needs an id", () => {
    const item = toSarAccessItem({ id: "aim1", name: "AWS", severity: "CRITICAL", supportedActions: ["REVOKE_ACCESS", "DELETE_USER"], extra: 1 }, op);
    expect(item).toEqual({ id: "aim1", name: "AWS", type: "APPLICATION", supportedActions: ["REVOKE_ACCESS"], extra: 1 });
    expect(toSarAccessItem({ id: "aim2", appInfo: { label: "GitHub" }, severity: "HIGH" }, op)).toMatchObject({ name: "GitHub", severity: "HIGH", supportedActions: [] });
    expect(() => toSarAccessItem({ name: "no id" }, op)).toThrow(OktaInvalidResponse);
    expect(() => toSarAccessItem({ id: "aim3", supportedActions: "REVOKE_ACCESS" }, op)).toThrow(OktaInvalidResponse);
  });

  it("reads review actions in either shape, dropping unknown ones", () => {
    const actions = [{ actionType: "CLOSE_REVIEW" }, { actionType: "NUKE" }];
    expect(toSarReviewActions(actions, "listSecurityAccessReviewActions")).toEqual(["CLOSE_REVIEW"]);
    expect(toSarReviewActions({ data: actions }, "listSecurityAccessReviewActions")).toEqual(["CLOSE_REVIEW"]);
  });

  it("tells a summary from Okta's 'could not summarise' answer", () => {
    expect(toSarAiSummary({ message: "High priority" }, "generateSecurityAccessReviewSummary")).toEqual({ status: "ok", message: "High priority" });
    const failed = { message: "We couldn't generate a summary", errors: [{ errorCode: "summary.generator.not.available" }] };
    expect(toSarAiSummary(failed, "generateSecurityAccessReviewSummary")).toEqual({ status: "unavailable", message: failed.message });
  });
});
