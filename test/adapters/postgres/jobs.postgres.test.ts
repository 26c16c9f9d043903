import { afterAll, describe, expect, it } from "vitest";
import { describeWithPostgres, postgresDatabaseForFile, probePostgres } from "../../support/databases.js";
import { jobsContract } from "./jobs-contract.js";
import { postgresJobsHarness, type JobsHarness } from "./jobs/harness.js";
import { waitUntil } from "./wait-until.js";

const postgres = await probePostgres();

describeWithPostgres(postgres, "JobQueue (pg-boss) over PostgreSQL", () => {
  const database = postgresDatabaseForFile();
  const makeHarness = postgresJobsHarness(() => database().url, "connectionString");

  describe("with pg-boss's own pool", () => jobsContract(makeHarness));
  describe("through a pg executor", () => jobsContract(postgresJobsHarness(() => database().url, "executor")));

  describe("replicas", () => {
    let harness: JobsHarness | undefined;
    afterAll(async () => {
      await harness?.dispose();
    });

    it("two replicas sharing one database handle each of 50 jobs exactly once", async () => {
      harness = await makeHarness();
      const [a, b] = [await harness.openQueue(), await harness.openQueue()];
      await a.createQueue("launch");
      await b.createQueue("launch");
      const handled = new Map<number, number>();
      const byReplica = { a: 0, b: 0 };
      const handler = (replica: "a" | "b") => async (job: { data: { n: number } }) => {
        handled.set(job.data.n, (handled.get(job.data.n) ?? 0) + 1);
        byReplica[replica] += 1;
        // Yield so both replicas' fetch loops get to run while jobs are in flight.
        await new Promise((resolve) => setImmediate(resolve));
      };
      await a.work("launch", { batchSize: 5, pollingIntervalSeconds: 0.5 }, handler("a"));
      await b.work("launch", { batchSize: 5, pollingIntervalSeconds: 0.5 }, handler("b"));

      const ids: string[] = [];
      for (let n = 0; n < 50; n += 1) ids.push((await (n % 2 === 0 ? a : b).send("launch", { n }))!);
      const h = harness;
      await waitUntil(
        async () => (await Promise.all(ids.map((id) => h.jobState(id)))).every((state) => state === "completed"),
        "all 50 jobs to complete",
      );

      expect(handled.size).toBe(50);
      expect([...handled.values()].every((count) => count === 1)).toBe(true);
      expect(byReplica.a + byReplica.b).toBe(50);
      expect(harness.errors).toEqual([]);
    });
  });
});
