// With a policy that needs no approval, a submitted form is queued at once
// and the worker creates the SAR; a success the chat platform refuses to
// show is posted again by the notify job.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../support/core-harness.js";
import { createLaunchBench, launchOf, NO_APPROVAL_POLICY, sarsWithReference, submit, validForm, waitForState, type LaunchBench } from "./launch-bench.js";

const { dan, erin, frank } = DEMO_USERS;

let bench: LaunchBench;
beforeAll(async () => {
  bench = await createLaunchBench({ policy: NO_APPROVAL_POLICY, jobs: true, workers: true });
});
afterAll(async () => {
  await bench?.close();
});

describe("a launch that needs no approval", () => {
  it("is queued on submit and creates exactly one SAR for the target with the chosen reviewers", async () => {
    const { h } = bench;
    const reply = await submit(bench, h.actorFor("alice"), validForm());
    expect(reply).toMatchObject({ type: "launch-queued", launch: { state: "APPROVED", approval: { required: false, expiresAt: null } } });
    const launch = launchOf(reply);
    const success = await h.notifier.waitFor((n) => n.event.type === "launch-succeeded" && n.event.launch.id === launch.id);
    const sars = sarsWithReference(bench, launch.reference);
    expect(sars).toHaveLength(1);
    expect(sars[0]).toMatchObject({ principalId: dan.id, reviewerIds: [erin.id, frank.id] });
    expect(success.event).toMatchObject({ launch: { state: "LAUNCHED", sarId: sars[0]!.id } });
    expect(h.notifier.eventsOfType("launch-updated").filter((e) => e.launch.id === launch.id)).toEqual([]);
  });

  it("posts the success again when chat refused it the first time", async () => {
    const { h } = bench;
    h.notifier.refuseNext(1);
    const launch = launchOf(await submit(bench, h.actorFor("alice"), validForm({ incidentRef: "INC-REFUSED" })));
    await waitForState(bench, launch.id, "LAUNCHED");
    const success = await h.notifier.waitFor((n) => n.event.type === "launch-succeeded" && n.event.launch.id === launch.id);
    const [sar] = sarsWithReference(bench, launch.reference);
    expect(success.event).toMatchObject({ sar: { id: sar!.id, name: sar!.name }, launch: { state: "LAUNCHED" } });
    expect(h.notifier.eventsOfType("launch-succeeded").filter((e) => e.launch.id === launch.id)).toHaveLength(1);
  });

  it("posts a refused success again as Okta's create answer gave it, without asking Okta for the SAR", async () => {
    const { h } = bench;
    const readsBefore = h.oktaCalls({ operationId: "getSecurityAccessReview" });
    h.notifier.refuseNext(1);
    const launch = launchOf(await submit(bench, h.actorFor("alice"), validForm({ incidentRef: "INC-REFUSED-2" })));
    const success = await h.notifier.waitFor((n) => n.event.type === "launch-succeeded" && n.event.launch.id === launch.id);
    const [sar] = sarsWithReference(bench, launch.reference);
    if (success.event.type !== "launch-succeeded") throw new Error("not a success");
    expect(success.event.sar).toMatchObject({
      id: sar!.id,
      name: sar!.name,
      endTime: sar!.endTime,
      principal: { oktaUserId: dan.id, login: dan.login },
      reviewers: [{ oktaUserId: erin.id }, { oktaUserId: frank.id }],
    });
    expect(h.oktaCalls({ operationId: "getSecurityAccessReview" })).toBe(readsBefore);
  });

  it("a launch with warm caches makes one Okta call: the SAR POST", async () => {
    const { h } = bench;
    const warm = launchOf(await submit(bench, h.actorFor("alice"), validForm({ incidentRef: "INC-WARM-0" })));
    await h.notifier.waitFor((n) => n.event.type === "launch-succeeded" && n.event.launch.id === warm.id);
    const before = h.sandbox.calls.list().length;
    const launch = launchOf(await submit(bench, h.actorFor("alice"), validForm({ incidentRef: "INC-WARM-1" })));
    await h.notifier.waitFor((n) => n.event.type === "launch-succeeded" && n.event.launch.id === launch.id);
    // Token requests count too: the token is reused.
    expect(h.sandbox.calls.list().slice(before).map((c) => c.operationId ?? c.path)).toEqual(["createSecurityAccessReview"]);
  });
});
