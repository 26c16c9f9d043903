import { describeWithPostgres, postgresDatabaseForFile, probePostgres } from "../../support/databases.js";
import { postgresHarness } from "./contract/harness.js";
import { triageCardContract } from "./contract/triage-cards.js";
import { perTest } from "./per-test.js";

const postgres = await probePostgres();

describeWithPostgres(postgres, "TriageCardStore over PostgreSQL", () => {
  const database = postgresDatabaseForFile();
  triageCardContract(perTest(postgresHarness(() => database().url)));
});
