import { describeWithPostgres, postgresDatabaseForFile, probePostgres } from "../../support/databases.js";
import { postgresHarness } from "./contract/harness.js";
import { storeContract } from "./store-contract.js";

const postgres = await probePostgres();

describeWithPostgres(postgres, "GovernanceStore over PostgreSQL", () => {
  const database = postgresDatabaseForFile();
  storeContract(postgresHarness(() => database().url));
});
