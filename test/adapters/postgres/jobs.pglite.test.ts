import { describe } from "vitest";
import { pgliteForFile } from "../../support/databases.js";
import { jobsContract } from "./jobs-contract.js";
import { pgliteJobsHarness } from "./jobs/harness.js";

describe("JobQueue (pg-boss) over PGlite", () => {
  jobsContract(pgliteJobsHarness(pgliteForFile()));
});
