/**
 * The JobQueue behaviour suite, written once and run against pg-boss on
 * PGlite and on PostgreSQL.
 */
import { expect, it } from "vitest";
import type { Job } from "../../../src/governance/jobs.js";
import type { JobsHarnessFactory } from "./jobs/harness.js";
import { perTest } from "./per-test.js";
import { gate, waitUntil } from "./wait-until.js";

interface Payload {
  n: number;
}

const FAST = { pollingIntervalSeconds: 0.5 };

export function jobsContract(makeHarness: JobsHarnessFactory): void {
  const h = perTest(makeHarness);

  it("a sent job reaches the worker with its data and is completed", async () => {
    const queue = await h().openQueue();
    await queue.createQueue("launch");
    const seen: Job<Payload>[] = [];
    await queue.work<Payload>("launch", FAST, async (job) => {
      seen.push(job);
    });
    const id = await queue.send("launch", { n: 7 });
    expect(id).toEqual(expect.any(String));
    await waitUntil(async () => (await h().jobState(id!)) === "completed", "the job to complete");
    expect(seen).toEqual([{ id, queue: "launch", data: { n: 7 }, retryCount: 0, retryLimit: expect.any(Number) }]);
  });

  it("a job whose singletonKey is already waiting is not queued twice", async () => {
    const queue = await h().openQueue();
    await queue.createQueue("launch", { policy: "stately" });
    const first = await queue.send("launch", { n: 1 }, { singletonKey: "launch-1" });
    const second = await queue.send("launch", { n: 2 }, { singletonKey: "launch-1" });
    const other = await queue.send("launch", { n: 3 }, { singletonKey: "launch-2" });
    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();
    expect(other).toEqual(expect.any(String));
    expect(other).not.toBe(first);
  });

  it("a failed job is retried with its attempt number until it succeeds", async () => {
    const queue = await h().openQueue();
    await queue.createQueue("poll", { retryLimit: 2, retryDelaySeconds: 0 });
    const attempts: number[] = [];
    await queue.work<Payload>("poll", FAST, async (job) => {
      attempts.push(job.retryCount);
      if (job.retryCount === 0) throw new Error("Okta answered 503");
    });
    const id = await queue.send("poll", { n: 1 });
    await waitUntil(async () => (await h().jobState(id!)) === "completed", "the retried job to complete");
    expect(attempts).toEqual([0, 1]);
  });

  it("in a batch, one failing job is retried while the others complete", async () => {
    const queue = await h().openQueue();
    await queue.createQueue("batch", { retryLimit: 1, retryDelaySeconds: 0 });
    const ids: string[] = [];
    for (let n = 0; n < 3; n += 1) ids.push((await queue.send("batch", { n }))!);
    const handled: number[] = [];
    await queue.work<Payload>("batch", { ...FAST, batchSize: 3 }, async (job) => {
      handled.push(job.data.n);
      if (job.data.n === 1 && job.retryCount === 0) throw new Error("only this one fails");
    });
    await waitUntil(
      async () => (await Promise.all(ids.map((id) => h().jobState(id)))).every((state) => state === "completed"),
      "all three jobs to complete",
    );
    expect([...handled].sort()).toEqual([0, 1, 1, 2]);
  });

  it("a graceful stop lets a running handler finish before it resolves", async () => {
    const queue = await h().openQueue();
    await queue.createQueue("slow");
    const started = gate();
    const release = gate();
    const events: string[] = [];
    await queue.work<Payload>("slow", FAST, async () => {
      started.open();
      await release.promise;
      events.push("handler finished");
    });
    const id = await queue.send("slow", { n: 1 });
    await started.promise;

    const stopping = queue.stop({ graceful: true, timeoutMs: 15_000 }).then(() => events.push("stopped"));
    // Let the stop get under way before the handler may finish: a stop that did
    // not wait would be recorded first.
    await new Promise((resolve) => setTimeout(resolve, 300));
    release.open();
    await stopping;
    expect(events).toEqual(["handler finished", "stopped"]);
    expect(await h().jobState(id!)).toBe("completed");
  });

  it("scheduling a queue twice, as two replicas starting would, keeps one schedule with the latest cron", async () => {
    const queue = await h().openQueue();
    await queue.createQueue("expire-approvals");
    await queue.schedule("expire-approvals", "* * * * *", { sweep: "expiry" });
    await queue.schedule("expire-approvals", "*/5 * * * *", { sweep: "expiry" });
    expect(await h().scheduleOf("expire-approvals")).toEqual({ cron: "*/5 * * * *", data: { sweep: "expiry" } });
  });

  // An hour-long polling interval: a worker that has polled once sleeps through every test,
  // so a job it runs was brought to it by the wake that send() gives this process's workers.
  const HOUR = { pollingIntervalSeconds: 3600 };

  /** A worker on `queue` that has made its first poll (and handled `primer`), now asleep for an hour. */
  async function sleepingWorker(queue: Awaited<ReturnType<ReturnType<typeof h>["openQueue"]>>, name: string, seen: { n: number; at: number }[]) {
    await queue.createQueue(name);
    const primer = await queue.send(name, { n: 0 });
    await queue.work<Payload>(name, HOUR, async (job) => {
      seen.push({ n: job.data.n, at: Date.now() });
    });
    await waitUntil(async () => (await h().jobState(primer!)) === "completed", "the worker's first poll");
  }

  it("a job sent by this process reaches its sleeping worker at once, without waiting for the next poll", async () => {
    const queue = await h().openQueue();
    const seen: { n: number; at: number }[] = [];
    await sleepingWorker(queue, "launch", seen);
    const id = await queue.send("launch", { n: 1 });
    await waitUntil(async () => (await h().jobState(id!)) === "completed", "the sent job to run before the hour-long poll");
    expect(seen.map((s) => s.n)).toEqual([0, 1]);
  });

  it("a delayed job wakes its sleeping worker when it comes due, not before", async () => {
    const queue = await h().openQueue();
    const seen: { n: number; at: number }[] = [];
    await sleepingWorker(queue, "retry", seen);
    const startAfter = new Date(Date.now() + 1_000);
    const id = await queue.send("retry", { n: 2 }, { startAfter });
    await waitUntil(async () => (await h().jobState(id!)) === "completed", "the delayed job to run before the hour-long poll");
    expect(seen.map((s) => s.n)).toEqual([0, 2]);
    expect(seen[1]!.at).toBeGreaterThanOrEqual(startAfter.getTime());
  });

  it("a worker whose batch came back full fetches again at once, so a backlog drains without waiting for polls", async () => {
    const queue = await h().openQueue();
    await queue.createQueue("backlog");
    // Queued before the worker exists: no wake is owed to any of them.
    const ids: string[] = [];
    for (let n = 1; n <= 5; n += 1) ids.push((await queue.send("backlog", { n }))!);
    const seen: number[] = [];
    await queue.work<Payload>("backlog", { ...HOUR, batchSize: 2 }, async (job) => {
      seen.push(job.data.n);
    });
    await waitUntil(
      async () => (await Promise.all(ids.map((id) => h().jobState(id)))).every((state) => state === "completed"),
      "all five jobs to run before the hour-long poll",
    );
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it("a job refused as a duplicate is not run; the one waiting runs once", async () => {
    const queue = await h().openQueue();
    await queue.createQueue("once", { policy: "short" });
    const seen: number[] = [];
    // Both sent before any worker exists, so the first is surely still waiting (a worker is woken on send
    // and would otherwise take it at once, after which the "short" policy admits one more).
    const first = await queue.send("once", { n: 1 }, { singletonKey: "launch-1" });
    const second = await queue.send("once", { n: 2 }, { singletonKey: "launch-1" });
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    await queue.work<Payload>("once", HOUR, async (job) => {
      seen.push(job.data.n);
    });
    await waitUntil(async () => (await h().jobState(first!)) === "completed", "the first job to run");
    expect(seen).toEqual([1]);
  });

  it("sending to a queue that was never created names the fix", async () => {
    const queue = await h().openQueue();
    await expect(queue.send("nowhere", { n: 1 })).rejects.toThrow('call createQueue("nowhere") first');
  });
}
