/**
 * Composition root: config -> logger -> Okta (real org or the built-in
 * sandbox) -> database (PGlite or PostgreSQL) -> store, jobs, policy -> HTTP.
 * The only module that reads `process.env` (through config) and wires
 * concrete classes; nothing imports it but tests and `npm start`.
 */
import { mkdir } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { type Config, ConfigError, describeConfig, loadConfig, readDotEnv } from "./config.js";
import type { Env } from "./config.js";
import { createLogger, type Logger } from "./log.js";
import { createHttpServer } from "./adapters/http/server.js";
import { createTeamsAdapter } from "./adapters/teams/index.js";
import { createSlackAdapter } from "./adapters/slack/index.js";
import { cachedCheck, mountHealth, oktaReadiness, type ReadinessCheck } from "./adapters/http/health.js";
import { mountMetrics } from "./adapters/http/metrics.js";
import { createBotMetrics, observeLaunchEvents, pgBossQueueDepth, timeRoutes, type BotMetrics } from "./metrics/index.js";
import { createPgBossJobQueue, createPgExecutor, createPgliteExecutor, createPostgresStore, migrate } from "./adapters/postgres/index.js";
import type { SqlExecutor } from "./adapters/postgres/index.js";
import { createOktaClient, type OktaAuth } from "./governance/okta/index.js";
import type { GovernanceStore, LaunchId } from "./governance/store.js";
import type { JobQueue } from "./governance/jobs.js";
import type { Clock, OktaGateway } from "./governance/ports.js";
import { formatIssue, loadPolicy, type Policy } from "./governance/policy/index.js";
import { createGovernanceCore, type RunningCore } from "./governance/create-core.js";
import { routeByPlatform, type Notifier } from "./governance/notifier.js";
import type { ChatPlatform } from "./governance/actor.js";
import { startSandbox, type RunningSandbox } from "./sandbox/index.js";

export interface AppOptions {
  /** Environment (default: `process.env` over `.env` in `cwd`). */
  env?: Env;
  cwd?: string;
  logger?: Logger;
  /** Host to bind (default all interfaces). */
  host?: string;
  /** Port to bind instead of PORT (0: any free port, for tests). */
  port?: number;
  clock?: Clock;
}

export interface RunningApp {
  url: string;
  config: Config;
  logger: Logger;
  okta: OktaGateway;
  /** The in-process sandbox org, when no Okta org is configured. */
  sandbox?: RunningSandbox;
  store: GovernanceStore;
  jobs: JobQueue;
  policy: Policy;
  core: RunningCore;
  /** The Prometheus metrics served at `GET /metrics`. */
  metrics: BotMetrics;
  /** Stops taking work, lets running jobs finish, then closes everything. */
  close(): Promise<void>;
}

const systemClock: Clock = { now: () => new Date() };

async function connectOkta(config: Config, logger: Logger, cleanup: (() => Promise<void>)[]) {
  if (config.okta.kind === "sandbox") {
    const sandbox = await startSandbox({ seed: "demo", logger: logger.child({ component: "okta-sandbox" }) });
    cleanup.push(() => sandbox.close());
    logger.warn({ url: sandbox.url }, "OKTA_ORG_URL is not set: using the built-in Okta sandbox org (demo data, nothing reaches a real Okta org)");
    const auth: OktaAuth = {
      kind: "privateKeyJwt",
      clientId: sandbox.clientId,
      privateKey: JSON.stringify(sandbox.privateJwk),
      keyId: sandbox.keyId,
      scopes: sandbox.scopes,
      dpop: false,
    };
    return { sandbox, orgUrl: new URL(sandbox.url), auth };
  }
  const auth: OktaAuth =
    config.okta.kind === "ssws"
      ? { kind: "ssws", apiToken: config.okta.apiToken }
      : {
          kind: "privateKeyJwt",
          clientId: config.okta.clientId,
          privateKey: config.okta.privateKey,
          scopes: config.okta.scopes,
          dpop: config.okta.dpop,
          ...(config.okta.keyId === undefined ? {} : { keyId: config.okta.keyId }),
        };
  return { sandbox: undefined, orgUrl: config.okta.orgUrl, auth };
}

async function openDatabase(config: Config, logger: Logger): Promise<SqlExecutor> {
  if (config.database.kind === "postgres") {
    return createPgExecutor(config.database.url, { onPoolError: (error) => logger.error({ err: error }, "PostgreSQL connection lost") });
  }
  await mkdir(config.database.dataDir, { recursive: true });
  return createPgliteExecutor({ dataDir: config.database.dataDir });
}

/** The database for people: PGlite's folder, or the PostgreSQL host and database without credentials. */
function describeDatabase(config: Config): string {
  if (config.database.kind === "pglite") return `embedded PGlite in ${config.database.dataDir}`;
  try {
    const url = new URL(config.database.url);
    return `PostgreSQL at DATABASE_URL ${url.hostname}:${url.port || "5432"}${url.pathname}`;
  } catch {
    return "PostgreSQL at DATABASE_URL";
  }
}

/** Starts the bot; rejects with a ConfigError or a start-up error naming what is wrong. */
export async function startApp(options: AppOptions = {}): Promise<RunningApp> {
  const cwd = options.cwd ?? process.cwd();
  const config = loadConfig(options.env ?? readDotEnv(cwd), { cwd });
  const logger = options.logger ?? createLogger({ level: config.logLevel, pretty: process.stdout.isTTY === true });
  const clock = options.clock ?? systemClock;
  const cleanup: (() => Promise<void>)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const step of cleanup.reverse()) {
      await step().catch((error: unknown) => logger.error({ err: error }, "error while shutting down"));
    }
  };

  try {
    for (const line of describeConfig(config)) logger.info(line);

    const policy = await loadPolicy(config.policyFile);
    if (policy.source === "none") logger.warn({ path: config.policyFile }, "no policy file: every action is denied until one is written");
    for (const warning of policy.warnings) logger.warn(`policy warning: ${formatIssue(warning)}`);

    const { sandbox, orgUrl, auth } = await connectOkta(config, logger, cleanup);
    const executor = await openDatabase(config, logger);
    cleanup.push(() => executor.close());
    const metrics = createBotMetrics({
      queueDepth: pgBossQueueDepth(executor),
      onCollectError: (error) => logger.warn({ err: error }, "could not read the job queue depth for /metrics"),
    });
    const okta = createOktaClient({ orgUrl, auth, logger: logger.child({ component: "okta" }), clock, onCall: metrics.oktaCall });

    const report = await migrate(executor).catch((error: unknown) => {
      throw new Error(`cannot use the database (${describeDatabase(config)}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
    if (report.applied.length > 0) logger.info({ applied: report.applied }, "database migrations applied");
    const store = createPostgresStore(executor, { clock });

    const jobs = createPgBossJobQueue({
      connection: config.database.kind === "postgres" ? { kind: "connectionString", connectionString: config.database.url } : { kind: "executor", executor },
      onError: (error) => logger.error({ err: error }, "job queue error"),
    });
    await jobs.start();
    cleanup.push(() => jobs.stop({ graceful: true, timeoutMs: 20_000 }));

    // Adapters register their notifiers here once they exist; the core reads it at each event.
    const notifiers: Partial<Record<ChatPlatform, Notifier>> = {};
    const core = createGovernanceCore({
      store,
      okta,
      policy,
      jobs,
      notifier: observeLaunchEvents(routeByPlatform(notifiers), {
        metrics,
        submittedAt: async (id) => (await store.getLaunch(id as LaunchId))?.createdAt ?? null,
        onError: (error) => logger.warn({ err: error }, "could not record launch metrics"),
      }),
      clock,
      logger,
      identity: config.identity,
    });
    await core.start();

    const http = createHttpServer({ logger });
    mountMetrics(http, metrics.registry, logger);
    const teams = createTeamsAdapter({ config: config.teams, core, logger });
    teams.mount(timeRoutes(http, { "/api/messages": metrics.teamsRequest }));
    notifiers.teams = teams.notifier;
    const slack = config.slack.mode === "off" ? undefined : createSlackAdapter({ config: config.slack, core, logger, onAck: metrics.slackAck });
    if (slack) {
      slack.mount(http);
      notifiers.slack = slack.notifier;
    }
    const checks: ReadinessCheck[] = [
      { name: "database", check: async () => (await executor.query("select 1"), { status: "ok" }) },
      cachedCheck(
        oktaReadiness(
          // Matches nobody; proves the token and okta.users.read at the cost of one call per half minute.
          () => okta.findUsersByProfileAttribute("profile.login", "oig-chatops-readiness-probe@invalid.example", { priority: "background" }),
          sandbox ? `sandbox ${sandbox.url}` : orgUrl.origin,
        ),
        30_000,
      ),
      { name: "slack", check: async () => (slack ? slack.readiness() : { status: "off" }) },
      {
        name: "teams",
        check: async () => ({ status: "ok", detail: config.teams.mode === "local" ? "local mode: unauthenticated, loopback only" : `Bot Framework app ${config.teams.appId}` }),
      },
    ];
    mountHealth(http, () => checks);
    const url = await http.listen(options.port ?? config.port, options.host);
    cleanup.push(() => http.close());
    // These run before the HTTP server closes: new requests get 503 while replies in flight finish.
    cleanup.push(() => teams.stop());
    if (slack) {
      // auth.test once: a refused bot token stops start-up naming SLACK_BOT_TOKEN; Socket Mode connects here.
      await slack.start();
      cleanup.push(() => slack.stop());
    }
    logger.info({ url }, `oig-chatops is listening on ${url} (${slack ? "Slack POST /slack/events, " : ""}Teams POST /api/messages, GET /healthz, /readyz, /metrics)`);

    return { url, config, logger, okta, sandbox, store, jobs, policy, core, metrics, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

async function main(): Promise<void> {
  let app: RunningApp;
  try {
    app = await startApp();
  } catch (error) {
    // One clear line, not a stack trace, for what a person must fix.
    console.error(error instanceof ConfigError ? `configuration error:\n${error.message}` : `start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
    return;
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, "shutting down: finishing running work");
    void app.close().then(() => app.logger.info("stopped"));
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main();
}
