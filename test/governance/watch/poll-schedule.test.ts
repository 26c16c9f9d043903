// The poll as durable background work: start() puts a cron schedule in
// pg-boss (one job per tick across replicas) and a worker that runs a
// round for each job; the interval must be one cron can express.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollCron, WATCH_POLL_QUEUE, type WatchService } from "../../../src/governance/watch/index.js";
import { createCoreHarness, DEMO_REQUESTS, type CoreHarness } from "../../support/core-harness.js";
import { INTERVAL_MS, watchServiceFor } from "./support.js";

let h: CoreHarness;
let watches: WatchService;

beforeAll(async () => {
  h = await createCoreHarness({ jobs: true });
  watches = watchServiceFor(h);
  await watches.start();
});
afterAll(async () => {
  // A cron tick may have started a round: let it finish before the database closes under it.
  await h.jobs.stop({ graceful: true });
  await h.close();
});

describe("the scheduled poll", () => {
  it("schedules the poll queue on pg-boss's cron once per interval", async () => {
    const { rows } = await h.executor.query<{ cron: string }>("SELECT cron FROM pgboss.schedule WHERE name = $1", [WATCH_POLL_QUEUE]);
    expect(rows).toEqual([{ cron: "* * * * *" }]);
  });

  it("runs a poll round for a job on the queue and posts the change it finds", async () => {
    const id = DEMO_REQUESTS.danPending.id;
    await watches.watch(h.actorFor("alice"), id, h.conversation({ threadId: "job" }));
    h.sandbox.org.updateRequest(id, { status: "CANCELED" });
    h.clock.advance(INTERVAL_MS);
    await h.jobs.send(WATCH_POLL_QUEUE, {});
    const posted = await h.notifier.waitFor((n) => n.event.type === "request-status-changed");
    expect(posted.conversation.threadId).toBe("job");
    expect(posted.event).toMatchObject({ previousStatus: "PENDING", request: { id, status: "CANCELED" } });
  });
});

describe("poll interval", () => {
  it.each([
    [60_000, "* * * * *"],
    [5 * 60_000, "*/5 * * * *"],
    [90_000, "*/2 * * * *"],
    [60 * 60_000, "0 * * * *"],
    [6 * 60 * 60_000, "0 */6 * * *"],
  ])("polls every %i ms with cron %s", (ms, cron) => {
    expect(pollCron(ms)).toBe(cron);
  });

  it("refuses an interval shorter than a minute at construction", () => {
    expect(() => watchServiceFor(h, { intervalMs: 30_000 })).toThrow(/at least one minute/);
  });
});
