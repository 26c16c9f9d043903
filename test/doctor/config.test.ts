// A configuration that does not parse is the report's first failure, named variable by variable.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runDoctor } from "../../src/doctor/index.js";
import { tempDirPerTest } from "./support.js";

const cwd = tempDirPerTest("oig-doctor-", { policy: true });

describe("doctor: configuration", () => {
  it("reports a ConfigError as the first check, with each problem as a fix, and skips the rest", async () => {
    const report = await runDoctor({ env: { OKTA_ORG_URL: "acme.okta.com", PORT: "99999" }, cwd: cwd() });
    const [first, ...rest] = report.checks;
    expect(first).toMatchObject({ id: "config.parse", status: "failing", detail: "3 problems in the environment or .env" });
    expect(first?.fix).toEqual(
      expect.arrayContaining([
        expect.stringContaining('OKTA_ORG_URL is not a URL (got "acme.okta.com")'),
        expect.stringContaining("PORT must be a whole number from 1 to 65535"),
        expect.stringContaining("OKTA_ORG_URL is set but no Okta credentials are"),
      ]),
    );
    expect(rest.map((c) => [c.area, c.status])).toEqual([
      ["okta", "skipped"],
      ["database", "skipped"],
      ["policy", "skipped"],
      ["slack", "skipped"],
    ]);
    expect(report).toMatchObject({ ok: false, exitCode: 1 });
  });

  it("reads .env beneath the environment, as start-up does", async () => {
    await writeFile(join(cwd(), ".env"), "SLACK_BOT_TOKEN=not-a-bot-token\nSLACK_SIGNING_SECRET=s\n");
    const fromFile = await runDoctor({ env: {}, cwd: cwd() });
    expect(fromFile.checks[0]?.fix).toEqual(["SLACK_BOT_TOKEN must be a bot token (it starts with xoxb-)"]);

    // A variable set in the environment wins over the file, even set to blank (Slack off).
    const overridden = await runDoctor({ env: { SLACK_BOT_TOKEN: "", SLACK_SIGNING_SECRET: "" }, cwd: cwd() });
    expect(overridden.checks[0]?.status).toBe("ok");
  });
});
