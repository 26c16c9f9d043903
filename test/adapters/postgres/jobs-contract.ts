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

  it("sending to a queue that was never created names the fix", async () => {
    const queue = await h().openQueue();
    await expect(queue.send("nowhere", { n: 1 })).rejects.toThrow('call createQueue("nowhere") first');
  });
}
