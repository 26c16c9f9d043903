/**
 * Composition root: config -> logger -> Okta (real org or the built-in
 * sandbox) -> database (PGlite or PostgreSQL) -> store, jobs, policy -> HTTP.
 * The only module that reads `process.env` (through config) and wires
 * concrete classes; nothing imports it but tests and `npm start`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "./runtime/package-root.js";
import { mkdir } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { type Config, ConfigError, describeConfig, loadConfig, readDotEnv } from "./config.js";
import type { Env } from "./config.js";
import { createLogger, type Logger } from "./log.js";
import { createHttpServer } from "./adapters/http/server.js";
import { createEventHooksEndpoint } from "./adapters/http/event-hooks.js";
import type { ProposalNotifiers } from "./governance/proposals/index.js";
// Not the Teams index: botbuilder loads only once Teams is used (src/adapters/teams/lazy-teams-adapter.ts).
import { createLazyTeamsAdapter } from "./adapters/teams/lazy-teams-adapter.js";
import { mountHealth } from "./adapters/http/health.js";
import { botReadinessChecks } from "./adapters/http/readiness.js";
import { mountMetrics } from "./adapters/http/metrics.js";
import { mountStepUp, STEP_UP_CALLBACK_PATH, STEP_UP_START_PATH } from "./adapters/http/step-up.js";
import { createStepUpOidc, stepUpRequired } from "./governance/stepup/index.js";
import { mountAuditExport } from "./adapters/http/audit-export.js";
import { createOktaRequestLedger } from "./governance/audit/index.js";
import { createBotMetrics, observeLaunchEvents, pgBossQueueDepth, timeRoutes, type BotMetrics } from "./metrics/index.js";
// Each module on its own, not through the index: PGlite (about 40 MB of RSS just loaded, 300 MB open),
// the in-process sandbox and the doctor are imported only when this process uses them.
import { createPgExecutor } from "./adapters/postgres/pg-executor.js";
import { migrate } from "./adapters/postgres/migrate.js";
import { createPostgresStore } from "./adapters/postgres/postgres-store.js";
import { followIdentityLinkChanges, IdentityLinkCache } from "./adapters/postgres/identity-link-cache.js";
import { createPgBossJobQueue } from "./adapters/postgres/pgboss-job-queue.js";
import type { SqlExecutor } from "./adapters/postgres/index.js";
import { createOktaClient } from "./adapters/okta/index.js";
import { connectOkta } from "./adapters/okta/connect.js";
import type { GovernanceStore, LaunchId } from "./governance/store.js";
import type { JobQueue } from "./governance/jobs.js";
import { systemClock, type Clock, type OktaGovernance } from "./governance/ports.js";
import { formatIssue, loadPolicy, type Policy } from "./governance/policy/index.js";
import { createGovernanceCore, type CoreOptions, type RunningCore } from "./governance/create-core.js";
import { routeByPlatform, type Notifier } from "./governance/notifier.js";
import type { ChatPlatform } from "./governance/actor.js";
import type { ChatAdapter, ChatAdapterDeps } from "./governance/chat-adapter.js";
import { createChatState } from "./governance/chat-state.js";
import type { RunningSandbox } from "./sandbox/index.js";
import type { DoctorPort } from "./governance/admin/doctor.js";
import { startupBanner } from "./app-banner.js";
import { shutdownOnSignals } from "./runtime/signals.js";
import { assertPortFree } from "./runtime/port-check.js";
import { describeListenAddress } from "./config/host.js";
import { announceReadiness } from "./runtime/readiness-announcer.js";
import { compactHeapAfterStartup } from "./runtime/compact-heap.js";
import { startupPhases } from "./runtime/startup-phases.js";

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
  /** Launch timings instead of the defaults (tests shorten the stall and retry times). */
  launchTimings?: CoreOptions["timings"];
  /** Called at each step of a launch: tests kill the process there. Never set by `npm start`. */
  onLaunchStep?: CoreOptions["onLaunchStep"];
}

export interface RunningApp {
  url: string;
  config: Config;
  logger: Logger;
  okta: OktaGovernance;
  /** The in-process sandbox org, when no Okta org is configured. */
  sandbox?: RunningSandbox;
  store: GovernanceStore;
  jobs: JobQueue;
  policy: Policy;
  core: RunningCore;
  /** The Prometheus metrics served at `GET /metrics`. */
  metrics: BotMetrics;
  /** Stops taking inbound, drains the adapters' in-flight work, lets running jobs finish, then closes the database and the rest. */
  close(): Promise<void>;
}

async function openDatabase(config: Config, logger: Logger): Promise<SqlExecutor> {
  if (config.database.kind === "postgres") {
    return createPgExecutor(config.database.url, { onPoolError: (error) => logger.error({ err: error }, "PostgreSQL connection lost") });
  }
  await mkdir(config.database.dataDir, { recursive: true });
  const { createPgliteExecutor } = await import("./adapters/postgres/pglite-executor.js");
  return createPgliteExecutor({ dataDir: config.database.dataDir });
}

/** A doctor loaded on its first run (it imports PGlite and the sandbox, which a deployed bot never loads otherwise). */
function lazyDoctor(load: () => Promise<DoctorPort>): DoctorPort {
  let loaded: Promise<DoctorPort> | undefined;
  return {
    run: async () => {
      loaded ??= load();
      return (await loaded).run();
    },
  };
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
  const env = options.env ?? readDotEnv(cwd);
  const config = loadConfig(env, { cwd });
  const logger = options.logger ?? createLogger({ level: config.logLevel, pretty: process.stdout.isTTY === true });
  const clock = options.clock ?? systemClock;
  const cleanup: (() => Promise<void>)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const step of cleanup.reverse()) {
      await step().catch((error: unknown) => logger.error({ err: error }, "error while shutting down"));
    }
  };

  const host = options.host ?? config.host;
  const phases = startupPhases();
  try {
    // A taken port is said before the slow work (sandbox, database), not after it.
    await assertPortFree(options.port ?? config.port, host);
    for (const line of describeConfig(config)) logger.info(line);

    const policy = await phases.time("policy", () => loadPolicy(config.policyFile));
    if (policy.source === "none") logger.warn({ path: config.policyFile }, "no policy file: every action is denied until one is written");
    for (const warning of policy.warnings) logger.warn(`policy warning: ${formatIssue(warning)}`);
    const stepUpActions = stepUpRequired(policy);
    if (stepUpActions.length > 0 && config.stepUp.mode === "off") {
      throw new Error(
        `the policy asks for stepUp: true on ${stepUpActions.join(", ")} but no step-up sign-in is configured: set STEP_UP_CLIENT_ID, STEP_UP_CLIENT_SECRET and PUBLIC_URL (an Okta OIDC web app, see docs/step-up.md)`,
      );
    }

    const { sandbox, orgUrl, adminUrl, auth } = await phases.time("okta", () => connectOkta(config.okta, logger, cleanup));
    const executor = await phases.time("database open", () => openDatabase(config, logger));
    cleanup.push(() => executor.close());
    const metrics = createBotMetrics({
      queueDepth: pgBossQueueDepth(executor),
      onCollectError: (error) => logger.warn({ err: error }, "could not read the job queue depth for /metrics"),
    });
    // Okta's X-Okta-Request-Id of each call, kept per correlation id until the flow's next audit entry takes it.
    const oktaRequests = createOktaRequestLedger();
    const okta = createOktaClient({
      orgUrl,
      ...(adminUrl !== undefined && { adminUrl }),
      auth,
      logger: logger.child({ component: "okta" }),
      clock,
      onCall: (call) => {
        metrics.oktaCall(call);
        oktaRequests.observe(call);
      },
    });

    const report = await phases.time("migrations", () => migrate(executor)).catch((error: unknown) => {
      throw new Error(`cannot use the database (${describeDatabase(config)}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
    if (report.applied.length > 0) logger.info({ applied: report.applied }, "database migrations applied");
    // Identity links in memory: on PGlite this process makes every change; on PostgreSQL a LISTEN hears other replicas'.
    const identityLinks = new IdentityLinkCache({ nowMs: () => clock.now().getTime(), on: executor.kind === "pglite" });
    if (executor.kind === "postgres" && executor.listen !== undefined) {
      const listen = executor.listen.bind(executor);
      cleanup.push(followIdentityLinkChanges(listen, identityLinks, logger.child({ component: "store" })));
    }
    const store = createPostgresStore(executor, { clock, identityLinks });

    const jobs = createPgBossJobQueue({
      connection: config.database.kind === "postgres" ? { kind: "connectionString", connectionString: config.database.url } : { kind: "executor", executor },
      onError: (error) => logger.error({ err: error }, "job queue error"),
    });
    await phases.time("job queue", () => jobs.start());
    cleanup.push(() => jobs.stop({ graceful: true, timeoutMs: 20_000 }));

    // Adapters register their notifiers here once they exist; the core reads it at each event.
    const adapters: ChatAdapter[] = [];
    const notifiers: Partial<Record<ChatPlatform, Notifier>> = {};
    const proposalNotifiers: ProposalNotifiers = {};
    // The address the bot listens on, known once it listens (the fallback of PUBLIC_URL).
    const listening: { url?: string } = {};
    // Step-up sign-in (docs/step-up.md): the bot's public base URL is known for sure only once it listens.
    const publicBase = (): string => (config.publicUrl?.href ?? listening.url ?? "http://localhost").replace(/\/+$/, "");
    const stepUpClient = config.stepUp.mode === "on" ? config.stepUp : config.stepUp.mode === "sandbox" ? sandbox?.webClient : undefined;
    const stepUp = stepUpClient && {
      oidc: createStepUpOidc({ issuer: orgUrl, clientId: stepUpClient.clientId, clientSecret: stepUpClient.clientSecret, redirectUri: () => `${publicBase()}${STEP_UP_CALLBACK_PATH}` }),
      startUrl: () => `${publicBase()}${STEP_UP_START_PATH}`,
    };
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
      oktaRequests,
      auditExport: { publicUrl: () => config.publicUrl?.href ?? listening.url, permalink: (location) => adapters.find((a) => a.platform === location.platform)?.permalink(location) ?? null },
      proposalNotifiers,
      about: readAbout(),
      ...(stepUp && { stepUp }),
      // `/sar doctor`: the checks of `npm run doctor` on this process's own database and sandbox org.
      doctor: lazyDoctor(() => import("./doctor/index.js").then(({ chatDoctor }) => chatDoctor({ config, env, cwd, executor, logger: logger.child({ component: "doctor" }), ...(sandbox && { sandbox }) }))),
      ...(options.launchTimings !== undefined && { timings: options.launchTimings }),
      ...(options.onLaunchStep !== undefined && { onLaunchStep: options.onLaunchStep }),
    });
    await phases.time("core", () => core.start());

    const http = createHttpServer({ logger });
    mountMetrics(http, metrics.registry, logger);
    // The chat front ends, each behind the core's ChatAdapter contract; from here on they are handled alike.
    const adapterDeps: ChatAdapterDeps = { core, chatState: createChatState(store), logger };
    await phases.time("chat adapters loaded", async () => {
      adapters.push(createLazyTeamsAdapter({ ...adapterDeps, config: config.teams }));
      // Bolt is loaded only when Slack is on.
      if (config.slack.mode !== "off") adapters.push((await import("./adapters/slack/index.js")).createSlackAdapter({ ...adapterDeps, config: config.slack, onAck: metrics.slackAck }));
    });
    const timedHttp = timeRoutes(http, { "/api/messages": metrics.teamsRequest });
    for (const adapter of adapters) {
      adapter.mount(timedHttp);
      notifiers[adapter.platform] = adapter.notifier;
      proposalNotifiers[adapter.platform] = adapter.proposalNotifier;
    }
    // Okta Event Hooks: risk events propose a review (on only with OKTA_EVENT_HOOK_SECRET).
    const eventHooks =
      config.eventHooks.mode === "on"
        ? createEventHooksEndpoint({ ...config.eventHooks, receive: (body) => core.proposals.receive(body), logger: logger.child({ component: "event-hooks" }) })
        : undefined;
    eventHooks?.mount(http);
    if (eventHooks !== undefined && policy.proposals === undefined) logger.warn("OKTA_EVENT_HOOK_SECRET is set but the policy has no proposals section: Okta events are answered and ignored");
    else if (eventHooks !== undefined) logger.info({ header: config.eventHooks.mode === "on" ? config.eventHooks.headerName : undefined }, "Okta event hooks: on at GET/POST /okta/event-hooks (risk events propose a review)");
    const checks = botReadinessChecks({
      database: executor,
      policy: { found: policy.source !== "none", path: config.policyFile },
      okta,
      oktaTarget: sandbox ? `sandbox ${sandbox.url}` : orgUrl.origin,
      adapters,
      slackOff: config.slack.mode === "off",
    });
    mountHealth(http, () => checks);
    mountAuditExport(http, { token: config.auditExport.token, exports: core.auditExport, logger: logger.child({ component: "audit-export" }) });
    if (core.stepUp) mountStepUp(http, core.stepUp, logger.child({ component: "step-up" }));
    const url = await http.listen(options.port ?? config.port, host);
    listening.url = url;
    // The sandbox's demo web app learns the bot's callback now that the port is known.
    if (sandbox && config.stepUp.mode === "sandbox") sandbox.allowRedirectUri(sandbox.webClient.clientId, `${publicBase()}${STEP_UP_CALLBACK_PATH}`);
    cleanup.push(() => http.close());
    if (eventHooks !== undefined) {
      cleanup.push(async () => {
        if (!(await eventHooks.drain(20_000))) logger.warn("shutting down with Okta event hook deliveries still being handled");
      });
    }
    // Shutdown order (cleanup runs last-in first): the started adapters stop taking inbound (503) at once and
    // drain their in-flight work (Slack's work after the ack, Teams turns and late answers), which uses
    // the core and the database; then the HTTP server closes, then the jobs stop, then the executor closes.
    const started: ChatAdapter[] = [];
    cleanup.push(async () => {
      const stopped = await Promise.allSettled(started.map((adapter) => adapter.stop()));
      for (const result of stopped) if (result.status === "rejected") throw result.reason;
    });
    // One at a time: a refused credential (Slack's auth.test) stops start-up naming the setting; Socket Mode connects here.
    await phases.time("chat adapters started", async () => {
      for (const adapter of adapters) {
        await adapter.start();
        started.push(adapter);
      }
    });
    logger.debug(phases.summary(), "start-up phases, ms");
    logger.info({ url, host }, `oig-chatops is listening on ${describeListenAddress(host, Number(new URL(url).port))}: ${url} from this machine (${config.slack.mode === "http" ? "Slack POST /slack/events, " : config.slack.mode === "socket" ? "Slack over Socket Mode, " : ""}Teams POST /api/messages, GET /healthz, /readyz, /metrics)`);
    for (const line of startupBanner({ url, config, host, ...(sandbox && { sandbox }) })) logger.info(line);
    const stopAnnouncing = announceReadiness({ checks: () => checks, logger, url });
    cleanup.push(async () => stopAnnouncing());

    return { url, config, logger, okta, sandbox, store, jobs, policy, core, metrics, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

export async function main(): Promise<void> {
  let app: RunningApp;
  try {
    app = await startApp();
  } catch (error) {
    // One clear line, not a stack trace, for what a person must fix.
    console.error(error instanceof ConfigError ? `configuration error:\n${error.message}` : `start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
    return;
  }
  shutdownOnSignals({ logger: app.logger, drain: () => app.close() });
  compactHeapAfterStartup(app.logger);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main();
}

/** The bot's name and version for `/sar version`, from its package.json. */
function readAbout(): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(join(packageRoot(import.meta.url), "package.json"), "utf8")) as { name?: unknown; version?: unknown };
  return { name: typeof pkg.name === "string" ? pkg.name : "oig-chatops", version: typeof pkg.version === "string" ? pkg.version : "unknown" };
}
