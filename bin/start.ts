/**
 * `npm start`'s entry: checks the settings and that the port is free with
 * only the configuration loaded, so a mistake is reported in well under a
 * second, then loads the bot (seconds of module loading: Bolt, botbuilder,
 * pg-boss...) and starts it.
 */
import { ConfigError, loadConfig, readDotEnv } from "../src/config.js";
import { assertPortFree } from "../src/runtime/port-check.js";

async function preflight(): Promise<boolean> {
  try {
    const config = loadConfig(readDotEnv(process.cwd()));
    await assertPortFree(config.port, config.host);
    return true;
  } catch (error) {
    // The same one line the bot itself prints for these (src/app.ts main()).
    console.error(error instanceof ConfigError ? `configuration error:\n${error.message}` : `start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
    return false;
  }
}

if (await preflight()) {
  const { main } = await import("../src/app.js");
  await main();
}
