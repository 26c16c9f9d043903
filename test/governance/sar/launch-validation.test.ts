// A submitted form is checked against Okta's rules (and the caller's role)
// before anything is stored or sent: bad input gets the form back with an
// error per field, and changes nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../support/core-harness.js";
import { createLaunchBench, expectError, launchOf, submit, validForm, type LaunchBench } from "./launch-bench.js";

const { dan, erin, frank, gina, sam } = DEMO_USERS;

let bench: LaunchBench;
beforeAll(async () => {
  bench = await createLaunchBench();
});
afterAll(async () => {
  await bench?.close();
});
beforeEach(() => {
  bench.h.sandbox.calls.clear();
});

async function launchCount(): Promise<number> {
  const { rows } = await bench.h.executor.query<{ n: number }>("SELECT count(*)::int AS n FROM launches");
  return rows[0]!.n;
}

const creates = () => bench.h.oktaCalls({ operationId: "createSecurityAccessReview" });

/** Submits as alice and expects the form back with an error on `field`; returns that error. */
async function refusedOn(field: string, over: Parameters<typeof validForm>[0]): Promise<string> {
  const before = await launchCount();
  const reply = await submit(bench, bench.h.actorFor("alice"), validForm(over));
  expect(reply.type).toBe("launch-form");
  const errors = reply.type === "launch-form" ? (reply.errors ?? {}) : {};
  expect(Object.keys(errors)).toEqual([field]);
  expect(await launchCount()).toBe(before);
  expect(creates()).toBe(0);
  return errors[field]!;
}

describe("the launch form", () => {
  it("opens with the policy's reviewers and duration for a responder", async () => {
    const reply = await bench.service.openForm(bench.h.actorFor("alice"), { target: "<@U_DAN|dan>", reason: "phished" });
    expect(reply).toEqual({
      type: "launch-form",
      values: { target: "<@U_DAN|dan>", reviewers: [erin.login], durationDays: 7, reason: "phished" },
    });
  });

  it("is refused to dan, who holds no role, naming the role he lacks", async () => {
    const reply = expectError(await bench.service.openForm(bench.h.actorFor("dan")), "not_allowed");
    expect(reply.message).toMatch(/responder role/);
  });
});

describe("submitting the form", () => {
  it("is refused to dan, who holds no role, and stores nothing", async () => {
    const before = await launchCount();
    const reply = expectError(await submit(bench, bench.h.actorFor("dan"), validForm({ target: erin.login, reviewers: [frank.login] })), "not_allowed");
    expect(reply.message).toMatch(/You need the responder role .* to launch security access reviews/);
    expect(await launchCount()).toBe(before);
  });

  it("refuses the target as one of the reviewers before any Okta SAR call", async () => {
    const error = await refusedOn("reviewers", { reviewers: [erin.login, dan.email] });
    expect(error).toMatch(new RegExp(`${dan.login} is the user under review`));
    expect(bench.h.sandbox.calls.list().filter((c) => c.bucket === "governance-sar")).toEqual([]);
  });

  it("refuses 11 reviewers without looking any of them up", async () => {
    // Warm: the caller's mapping is cached, and the target named by id is fetched, not searched.
    await bench.service.openForm(bench.h.actorFor("alice"));
    bench.h.sandbox.calls.clear();
    const reviewers = Array.from({ length: 11 }, (_, i) => `reviewer${i}@example.com`);
    expect(await refusedOn("reviewers", { target: dan.id, reviewers })).toMatch(/at most 10 reviewers/);
    expect(bench.h.oktaCalls({ operationId: "listUsers" })).toBe(0);
  });

  it("refuses one reviewer named twice by login and by id", async () => {
    expect(await refusedOn("reviewers", { reviewers: [erin.login, erin.id] })).toMatch(/named twice/);
  });

  it.each([0, 181, 2.5])("refuses a duration of %s days", async (durationDays) => {
    expect(await refusedOn("durationDays", { durationDays })).toMatch(/1 to 180 days/);
  });

  it("refuses a deprovisioned target", async () => {
    expect(await refusedOn("target", { target: gina.login })).toMatch(/DEPROVISIONED/);
  });

  it("refuses a reviewer Okta does not know, and a suspended one", async () => {
    expect(await refusedOn("reviewers", { reviewers: ["nobody.here@example.com"] })).toMatch(/No Okta user matches/);
    expect(await refusedOn("reviewers", { reviewers: [sam.login] })).toMatch(/SUSPENDED/);
  });

  it("refuses a missing reason", async () => {
    expect(await refusedOn("reason", { reason: "" })).toMatch(/reason/i);
  });

  it("shows every broken field at once, with the typed values echoed back", async () => {
    const values = validForm({ target: gina.login, reviewers: [], durationDays: 999, reason: " " });
    const reply = await submit(bench, bench.h.actorFor("alice"), values);
    expect(reply).toMatchObject({ type: "launch-form", values: { target: gina.login, reviewers: [], durationDays: 999 } });
    expect(reply.type === "launch-form" && Object.keys(reply.errors ?? {}).sort()).toEqual(["durationDays", "reason", "reviewers", "target"]);
  });

  it("accepts a suspended target (often the subject of a review)", async () => {
    expect((await submit(bench, bench.h.actorFor("alice"), validForm({ target: sam.login }))).type).toBe("approval-card");
  });

  it("keeps hostile text in the reason as typed, for the renderer to escape", async () => {
    const reason = `<!channel> "quoted" \`code\``;
    expect(launchOf(await submit(bench, bench.h.actorFor("alice"), validForm({ reason }))).reason).toBe(reason);
  });

  it("audits a refused form with the fields that were wrong", async () => {
    const actor = bench.h.actorFor("alice");
    await submit(bench, actor, validForm({ reason: "" }));
    const [entry] = await bench.h.store.queryAudit({ oktaUserId: DEMO_USERS.alice.id as never, limit: 1 });
    expect(entry).toMatchObject({
      action: "sar.launch.submit",
      outcome: "denied",
      correlationId: actor.correlationId,
      details: { stage: "validation", fields: { reason: expect.any(String) } },
    });
  });
});

describe("a retried submit", () => {
  it("with the same idempotency key returns the same launch instead of a second one", async () => {
    const before = await launchCount();
    const first = launchOf(await submit(bench, bench.h.actorFor("alice"), validForm(), "view-submission-1"));
    const again = launchOf(await submit(bench, bench.h.actorFor("alice"), validForm(), "view-submission-1"));
    expect(again.id).toBe(first.id);
    expect(await launchCount()).toBe(before + 1);
  });

  it("arriving twice at once still makes one launch", async () => {
    const before = await launchCount();
    const replies = await Promise.all([0, 1, 2].map(() => submit(bench, bench.h.actorFor("alice"), validForm(), "view-submission-2")));
    expect(new Set(replies.map((r) => launchOf(r).id)).size).toBe(1);
    expect(await launchCount()).toBe(before + 1);
  });

  it("with a different key is a second launch", async () => {
    const a = launchOf(await submit(bench, bench.h.actorFor("alice"), validForm(), "view-submission-3"));
    const b = launchOf(await submit(bench, bench.h.actorFor("alice"), validForm(), "view-submission-4"));
    expect(a.id).not.toBe(b.id);
  });
});
