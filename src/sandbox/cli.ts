/**
 * `npm run sandbox`: the Okta sandbox as a standalone process, printing what
 * the bot (or a benchmark in another process) needs to reach it.
 */
import { parseArgs } from "node:util";
import { pino } from "pino";
import { startSandbox } from "./index.js";
import type { StartSandboxOptions } from "./index.js";

const usage = `Usage: npm run sandbox -- [--port 8090] [--admin-port PORT] [--host 127.0.0.1] [--public-url URL]
                           [--admin-public-url URL] [--seed demo|empty] [--dpop] [--deterministic-ids]
                           [--sar-activation-delay-ms MS]
  --admin-port   the org's admin host (where governance paging links point); default the port after
                 --port, so OKTA_ADMIN_URL stays the same from run to run (any free port with --port 0)`;

function readPort(name: string, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`--${name} must be 0-65535, got ${value}`);
  return port;
}

function readOptions(argv: string[]): StartSandboxOptions & { help: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "8090" },
      host: { type: "string", default: "127.0.0.1" },
      "public-url": { type: "string" },
      "admin-port": { type: "string" },
      "admin-public-url": { type: "string" },
      seed: { type: "string", default: "demo" },
      dpop: { type: "boolean", default: false },
      "deterministic-ids": { type: "boolean", default: false },
      "sar-activation-delay-ms": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const port = readPort("port", values.port);
  const adminPort = values["admin-port"] === undefined ? (port === 0 || port === 65535 ? 0 : port + 1) : readPort("admin-port", values["admin-port"]);
  if (adminPort !== 0 && adminPort === port) throw new RangeError("--admin-port must differ from --port: the admin host is a second origin");
  if (values.seed !== "demo" && values.seed !== "empty") throw new RangeError(`--seed must be demo or empty, got ${values.seed}`);
  const options: StartSandboxOptions & { help: boolean } = {
    help: values.help,
    port,
    adminPort,
    host: values.host,
    seed: values.seed,
    requireDpop: values.dpop,
    deterministicIds: values["deterministic-ids"],
  };
  if (values["public-url"]) options.publicUrl = values["public-url"];
  if (values["admin-public-url"]) options.adminPublicUrl = values["admin-public-url"];
  if (values["sar-activation-delay-ms"] !== undefined) {
    const delay = Number(values["sar-activation-delay-ms"]);
    if (!Number.isFinite(delay) || delay < 0) throw new RangeError("--sar-activation-delay-ms must be a number >= 0");
    options.sarActivationDelayMs = delay;
  }
  return options;
}

async function main(): Promise<void> {
  let options: ReturnType<typeof readOptions>;
  try {
    options = readOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    console.log(usage);
    return;
  }
  const logger = pino({ name: "okta-sandbox" }, pino.destination({ dest: 2, sync: true }));
  const sandbox = await startSandbox({ ...options, logger });
  const jwk = JSON.stringify(sandbox.privateJwk);
  console.log(
    [
      `Okta sandbox (${options.seed} org) listening on ${sandbox.url}, admin host ${sandbox.adminUrl}`,
      "",
      `  client id    ${sandbox.clientId}${options.requireDpop ? " (requires DPoP)" : ""}`,
      `  key id       ${sandbox.keyId}`,
      `  private JWK  ${jwk}`,
      `  SSWS token   ${sandbox.apiToken}`,
      "",
      "Point the bot at it with:",
      `OKTA_ORG_URL=${sandbox.url}`,
      // A loopback org's admin host cannot be derived from its URL: without this, paging stops at Okta's admin-host links.
      `OKTA_ADMIN_URL=${sandbox.adminUrl}`,
      `OKTA_CLIENT_ID=${sandbox.clientId}`,
      `OKTA_KEY_ID=${sandbox.keyId}`,
      `OKTA_PRIVATE_KEY='${jwk}'`,
      ...(options.requireDpop ? ["OKTA_DPOP=true"] : []),
      "",
      `Control API: ${sandbox.url}/__sandbox/{faults,rate-limits,calls,clients}. Ctrl-C stops it.`,
    ].join("\n"),
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    sandbox.close().then(
      () => console.log(`Okta sandbox stopped (${signal}).`),
      (error: unknown) => {
        logger.error({ err: error }, "the sandbox did not close cleanly");
        process.exitCode = 1;
      },
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(`The Okta sandbox could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
