// `/sar message <requestId> <text>` against the sandbox: the message lands
// on the request as typed, Okta's 1..5000 rule is checked before any call,
// and every attempt that reaches Okta is in the audit trail.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AccessRequestId } from "../../../src/governance/okta/types.js";
import type { Reply } from "../../../src/governance/replies.js";
import type { RequestService } from "../../../src/governance/requests/index.js";
import { createCoreHarness, DEMO_REQUESTS, DEMO_USERS, type CoreHarness } from "../../support/core-harness.js";
import { expectReply, requestServiceFor } from "./support.js";

let h: CoreHarness;
let service: RequestService;
const REQUEST = DEMO_REQUESTS.danPending.id;

beforeAll(async () => {
  h = await createCoreHarness();
  service = requestServiceFor(h);
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => {
  h.sandbox.calls.clear();
});

const error = (reply: Reply) => expectReply(reply, "error");

const messages = (id: string) => h.sandbox.org.messagesFor(id).map((m) => m.message);
const auditFor = (requestId: string) => h.store.queryAudit({ requestId: requestId as AccessRequestId });

describe("posting a request message", () => {
  it("posts the text onto the request as typed, confirms it and audits it", async () => {
    const text = 'Please hold this until INC-4711 is closed. <!channel> "quoted" \\ *bold*';
    const reply = await service.postMessage(h.actorFor("alice"), REQUEST, text);
    expect(reply).toMatchObject({ type: "message-posted", requestId: REQUEST, text });
    expect(messages(REQUEST)).toContain(text);
    const [entry] = await auditFor(REQUEST);
    expect(entry).toMatchObject({
      action: "request.message",
      outcome: "succeeded",
      actor: { oktaUserId: DEMO_USERS.alice.id, chatUserId: "U_ALICE" },
      target: { requestId: REQUEST },
      details: { messageLength: text.length },
    });
  });

  it("accepts exactly 5000 characters", async () => {
    const text = "x".repeat(5000);
    expect(await service.postMessage(h.actorFor("alice"), DEMO_REQUESTS.danSubmitted.id, text)).toMatchObject({ type: "message-posted" });
    expect(messages(DEMO_REQUESTS.danSubmitted.id)).toContain(text);
  });

  it.each([
    ["5001 characters", "x".repeat(5001)],
    ["2501 emoji (5002 UTF-16 units)", "🔥".repeat(2501)],
    ["nothing", ""],
    ["only spaces", "   \n "],
  ])("refuses a message of %s without any Okta call", async (_what, text) => {
    const before = messages(REQUEST).length;
    const reply = error(await service.postMessage(h.actorFor("alice"), REQUEST, text));
    expect(reply.code).toBe("validation_failed");
    expect(reply.fields).toHaveProperty("message");
    expect(h.oktaCalls()).toBe(0);
    expect(messages(REQUEST).length).toBe(before);
  });

  it("refuses a SAR id or a malformed request id without any Okta call", async () => {
    for (const id of ["sar1qebJYYHgbsOGF0g4", "req/../../x", 'req" or 1']) {
      expect(error(await service.postMessage(h.actorFor("alice"), id, "hello")).fields).toHaveProperty("requestId");
    }
    expect(h.oktaCalls()).toBe(0);
  });

  it("answers an unknown request with not_found and audits the failed attempt", async () => {
    const id = "reqNoSuchRequest0000";
    const reply = error(await service.postMessage(h.actorFor("alice"), id, "hello"));
    expect(reply.code).toBe("not_found");
    expect(await auditFor(id)).toEqual([expect.objectContaining({ action: "request.message", outcome: "failed" })]);
  });

  it.each(["bob", "dan"] as const)("refuses %s, who is no responder, posts nothing and audits the refusal", async (who) => {
    const before = messages(REQUEST).length;
    const reply = error(await service.postMessage(h.actorFor(who), REQUEST, "let me in"));
    expect(reply.code).toBe("not_allowed");
    expect(reply.message).toContain("responder");
    expect(messages(REQUEST).length).toBe(before);
    expect(h.oktaCalls({ operationId: "createRequestMessageV2" })).toBe(0);
    const denied = await h.store.queryAudit({ oktaUserId: h.oktaIdOf(who), limit: 1 });
    expect(denied).toEqual([expect.objectContaining({ action: "request.message", outcome: "denied" })]);
  });
});
