import { describe } from "vitest";
import { pgliteForFile } from "../../support/databases.js";
import { pgliteHarness } from "./contract/harness.js";
import { storeContract } from "./store-contract.js";

describe("GovernanceStore over PGlite", () => {
  storeContract(pgliteHarness(pgliteForFile()));
});
