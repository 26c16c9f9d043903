import { describe } from "vitest";
import { pgliteForFile } from "../../support/databases.js";
import { pgliteHarness } from "./contract/harness.js";
import { triageCardContract } from "./contract/triage-cards.js";
import { perTest } from "./per-test.js";

describe("TriageCardStore over PGlite", () => {
  triageCardContract(perTest(pgliteHarness(pgliteForFile())));
});
