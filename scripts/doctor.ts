/**
 * `npm run doctor`: checks the configuration (environment and `.env`)
 * against the real Okta org (or the built-in sandbox when OKTA_ORG_URL is
 * unset), the database, the policy file and Slack, and says how to fix each
 * problem. Usage:
 *
 *   npm run doctor -- [--json]
 *
 * Exit code 0 when everything configured works, 1 otherwise, 2 for bad usage.
 */
import { parseArgs } from "node:util";
import { formatReport, reportJson, runDoctor } from "../src/doctor/index.js";

const usage = "Usage: npm run doctor -- [--json]";

async function main(): Promise<void> {
  let json: boolean;
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      options: { json: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
    });
    if (values.help) {
      console.log(usage);
      return;
    }
    json = values.json;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    process.exitCode = 2;
    return;
  }
  const report = await runDoctor({ env: process.env, cwd: process.cwd() });
  process.stdout.write(json ? reportJson(report) : formatReport(report));
  process.exitCode = report.exitCode;
}

await main();
