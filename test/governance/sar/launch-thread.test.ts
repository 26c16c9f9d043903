// A flow started at the top of a channel continues in the thread under the
// launch's own message (its approval card), once the adapter attached it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLaunchBench, launchOf, validForm, type LaunchBench } from "./launch-bench.js";

let bench: LaunchBench;
beforeAll(async () => {
  bench = await createLaunchBench({ jobs: true, workers: true });
});
afterAll(async () => {
  await bench?.close();
});

describe("the thread of a launch", () => {
  it("posts the outcome and watches the SAR under the attached card when the flow began outside a thread", async () => {
    const { h, service } = bench;
    const channel = h.conversation();
    expect(channel.threadId).toBeUndefined();
    const card = launchOf(await service.submit(h.actorFor("alice"), { values: validForm(), conversation: channel }));
    expect(await service.attachLaunchMessage(card.id, "1700000001.000200")).toBe(true);

    await service.decide(h.actorFor("bob"), { launchId: card.id, decision: "approve" });
    const success = await h.notifier.waitFor((n) => n.event.type === "launch-succeeded" && n.event.launch.id === card.id);
    expect(success.conversation).toEqual({ ...channel, threadId: "1700000001.000200" });
    const watch = (await h.store.listActiveWatches("sar")).find((w) => w.oktaId === (success.event as { sar: { id: string } }).sar.id);
    expect(watch?.conversation).toEqual({ ...channel, threadId: "1700000001.000200" });
  });
});
