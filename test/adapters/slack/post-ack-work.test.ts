// Work after the ack is bounded and tracked: new requests are acked while
// earlier listeners are still busy, at most `maxConcurrent` listeners work
// at once, and stop() returns only when that work has finished.
import { afterEach, describe, expect, it } from "vitest";
import { PostAckWork } from "../../../src/adapters/http/post-ack-work.js";
import type { Reply } from "../../../src/governance/replies.js";
import { SLACK_USERS } from "../../../src/fakes/slack-web-api.js";
import { deferred } from "./support/deferred.js";
import { FakeCore } from "./support/fake-core.js";
import { eventually, startSlackBench } from "./support/slack-bench.js";
import { postSigned, slashCommandBody } from "../../../src/fakes/slack-requests.js";
import { BUSY_HEADER } from "../../../src/adapters/slack/http-receiver.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("PostAckWork", () => {
  it("runs at most maxConcurrent pieces at once, the rest in arrival order", async () => {
    const work = new PostAckWork({ maxConcurrent: 2 });
    const gates = Array.from({ length: 5 }, () => deferred<void>());
    const started: number[] = [];
    let peak = 0;
    const pieces = gates.map((gate, i) =>
      work.track(
        (async () => {
          const release = await work.enter();
          started.push(i);
          peak = Math.max(peak, work.stats.active);
          await gate.promise;
          release();
        })(),
      ),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(work.stats).toEqual({ active: 2, waiting: 3, tracked: 5 });
    gates[1]!.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    for (const gate of gates) gate.resolve();
    await Promise.all(pieces);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
  });

  it("drain() waits for tracked work, and says false when the time ran out first", async () => {
    const work = new PostAckWork();
    const gate = deferred<void>();
    let done = false;
    void work.track(gate.promise.then(() => (done = true)));
    expect(await work.drain(50)).toBe(false);
    expect(done).toBe(false);
    const drained = work.drain(5_000);
    gate.resolve();
    expect(await drained).toBe(true);
    expect(done).toBe(true);
    expect(work.stats.tracked).toBe(0);
  });

  it("is full once maxWaiting pieces wait for a slot, and not after one starts", async () => {
    const work = new PostAckWork({ maxConcurrent: 1, maxWaiting: 2 });
    const gate = deferred<void>();
    const take = () =>
      work.track(
        (async () => {
          const release = await work.enter();
          await gate.promise;
          release();
        })(),
      );
    const pieces = [take(), take()];
    await tick();
    expect(work.full).toBe(false);
    pieces.push(take());
    await tick();
    expect(work.stats).toMatchObject({ active: 1, waiting: 2 });
    expect(work.full).toBe(true);
    gate.resolve();
    await Promise.all(pieces);
    expect(work.full).toBe(false);
  });

  it("refuses a maxConcurrent that is not a positive integer", () => {
    expect(() => new PostAckWork({ maxConcurrent: 0 })).toThrow(/positive integer/);
  });
});

describe("Slack receiver: work after the ack", () => {
  it("acks every command while earlier ones are still working, lets 8 work at once, and stop() waits for them", async () => {
    const core = new FakeCore();
    const held = deferred<void>();
    core.overrides.whoami = async (): Promise<Reply> => {
      await held.promise;
      return { type: "text", text: "you are alice" };
    };
    const bench = await startSlackBench({ core });
    cleanups.push(() => bench.close());

    const statuses = await Promise.all(Array.from({ length: 12 }, () => postSigned(bench.url, slashCommandBody({ user: SLACK_USERS.alice, text: "whoami" })).then((r) => r.status)));
    expect(statuses).toEqual(Array.from({ length: 12 }, () => 200));
    await eventually("8 commands reached the core", () => core.callsTo("whoami").length === 8);
    await tick();
    expect(core.callsTo("whoami")).toHaveLength(8);

    let stopped = false;
    const stopping = bench.adapter.stop().then(() => (stopped = true));
    await tick();
    expect(stopped).toBe(false);
    // Stopped adapters take nothing new, but what was acked still runs.
    expect((await postSigned(bench.url, slashCommandBody({ user: SLACK_USERS.alice, text: "whoami" }))).status).toBe(503);
    held.resolve();
    await stopping;
    expect(core.callsTo("whoami")).toHaveLength(12);
    const answered = [...bench.slack.calls].filter((c) => JSON.stringify(c.args).includes("you are alice")).length + bench.slack.responses.filter((r) => JSON.stringify(r.body).includes("you are alice")).length;
    expect(answered).toBe(12);
  });
});

describe("Slack receiver: too much work waiting", () => {
  it("answers a further command 'busy, try again' at once (marked), runs nothing for it, and takes commands again once the queue shrinks", async () => {
    const core = new FakeCore();
    const held = deferred<void>();
    core.overrides.whoami = async (): Promise<Reply> => {
      await held.promise;
      return { type: "text", text: "you are alice" };
    };
    const bench = await startSlackBench({ core, postAck: { concurrency: 1, maxWaiting: 1 } });
    cleanups.push(() => bench.close());
    const whoami = () => postSigned(bench.url, slashCommandBody({ user: SLACK_USERS.alice, text: "whoami" }));

    for (let i = 0; i < 2; i++) {
      const res = await whoami();
      expect(res.headers.get(BUSY_HEADER)).toBeNull();
      await tick();
    }
    const busy = await whoami();
    expect(busy.status).toBe(200);
    expect(busy.headers.get(BUSY_HEADER)).toBe("1");
    expect(await busy.json()).toMatchObject({ response_type: "ephemeral", text: expect.stringMatching(/run the command again/) as unknown });
    expect(bench.logs.some((line) => line.includes("answered with 'busy, try again'"))).toBe(true);

    held.resolve();
    await eventually("both queued commands ran", () => core.callsTo("whoami").length === 2);
    await tick();
    expect(core.callsTo("whoami")).toHaveLength(2);
    const again = await whoami();
    expect(again.headers.get(BUSY_HEADER)).toBeNull();
    await eventually("the new command ran", () => core.callsTo("whoami").length === 3);
  });
});
