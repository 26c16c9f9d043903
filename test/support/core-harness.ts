/**
 * The governance core's test bench, all real parts: the Okta sandbox over
 * loopback HTTP, the real Okta client (private_key_jwt with the sandbox's
 * demo app), a migrated store on PGlite (or a throwaway PostgreSQL
 * database), optionally pg-boss on the same database, the policy parsed
 * from YAML, a manual clock, a silent logger, the identity resolver, and
 * helpers for demo actors and recorded notifications.
 *
 * Clock: by default the sandbox and the Okta client share the manual clock
 * with the core, so SAR activation, rate-limit windows and token lifetimes
 * follow `clock.advance()`. Okta client assertions are signed with wall
 * time, so the harness fetches the access token at start; advancing more
 * than 55 minutes would make the client fetch another one, which the
 * sandbox (on manual time) would refuse, so the clock throws instead. For
 * longer jumps use `oktaAuth: "ssws"` or `sandboxClock: "system"`.
 */
import { readFileSync } from "node:fs";
import { pino, type Logger } from "pino";
import { afterAll, beforeAll } from "vitest";
import { createPgExecutor } from "../../src/adapters/postgres/pg-executor.js";
import { createPgBossJobQueue } from "../../src/adapters/postgres/pgboss-job-queue.js";
import { createPgliteExecutor } from "../../src/adapters/postgres/pglite-executor.js";
import { migrate } from "../../src/adapters/postgres/migrate.js";
import { createPostgresStore } from "../../src/adapters/postgres/postgres-store.js";
import type { SqlExecutor } from "../../src/adapters/postgres/sql.js";
import type { Actor, ChatUserRef, ConversationKey } from "../../src/governance/actor.js";
import { createAuditRecorder, type AuditRecorder } from "../../src/governance/audit/index.js";
import { createIdentityResolver, type IdentityResolver, type TargetInput } from "../../src/governance/identity/index.js";
import type { JobQueue } from "../../src/governance/jobs.js";
import type { GovernanceEvent, Notifier } from "../../src/governance/notifier.js";
import { createOktaClient, type OktaAuth, type OktaClientOptions } from "../../src/adapters/okta/index.js";
import type { OktaUserId } from "../../src/governance/okta/types.js";
import { parsePolicy, type Policy } from "../../src/governance/policy/index.js";
import type { Clock, OktaGovernance } from "../../src/governance/ports.js";
import type { PostgresStore } from "../../src/adapters/postgres/postgres-store.js";
import { BOT_SCOPES, startSandbox, type CallFilter, type RateLimitSetting, type RunningSandbox } from "../../src/sandbox/index.js";
import { DEMO_USERS } from "../../src/sandbox/org/index.js";
import { createTestDatabase, type TestDatabase } from "./databases.js";

export { DEMO_GROUPS, DEMO_REQUESTS, DEMO_ROLES, DEMO_USERS } from "../../src/sandbox/org/index.js";

/** A clock tests move by hand. */
export interface ManualClock extends Clock {
  set(at: Date | string): void;
  /** Moves the clock forward; returns the new time. */
  advance(ms: number): Date;
}

/** A manual clock standing at `start`; with `limit`, moving past `limit.at` throws `limit.why`. */
export function createManualClock(start: Date | string = new Date(), limit?: { at: Date; why: string }): ManualClock {
  let current = new Date(start);
  const move = (to: Date): Date => {
    if (limit !== undefined && to.getTime() > limit.at.getTime()) throw new Error(limit.why);
    current = to;
    return new Date(current);
  };
  return {
    now: () => new Date(current),
    set: (at) => {
      move(new Date(at));
    },
    advance: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) throw new Error("a manual clock only moves forward");
      return move(new Date(current.getTime() + ms));
    },
  };
}

const TOKEN_SAFE_ADVANCE_MS = 55 * 60_000;

export type DemoUserKey = keyof typeof DEMO_USERS;

export interface CoreHarnessOptions {
  /** `postgres`: a throwaway database on TEST_DATABASE_URL (wrap the suite in `describeWithPostgres`). Default `pglite`. */
  database?: "pglite" | "postgres";
  /** Start a pg-boss job queue on the same database (`harness.jobs`). */
  jobs?: boolean;
  /** Policy YAML; default the repo's `policy.yaml`. */
  policy?: string;
  deterministicIds?: boolean;
  /** How long a new SAR stays PENDING, on the sandbox clock. */
  sarActivationDelayMs?: number;
  /** Sandbox rate limits per bucket; default generous ones, since the manual clock never ends a window by itself. */
  rateLimits?: Record<string, Partial<RateLimitSetting>>;
  /** `manual` (default): the sandbox and Okta client follow the manual clock; `system`: wall time. */
  sandboxClock?: "manual" | "system";
  /** Where the manual clock starts (only with `sandboxClock: "system"`; otherwise it starts at now). */
  start?: Date;
  /** `privateKeyJwt` (default, the demo service app) or `ssws` (the sandbox's API token). */
  oktaAuth?: "privateKeyJwt" | "ssws";
  /** Extra Okta client options (retry, sleep, timeoutMs, ...). */
  okta?: Partial<Omit<OktaClientOptions, "orgUrl" | "auth">>;
  /** Identity cache TTL; default 5 minutes. */
  cacheTtlMs?: number;
  /** Default `profile.email`. */
  matchAttribute?: string;
  /** Default a silent pino logger. */
  logger?: Logger;
}

export interface ActorOptions {
  platform?: "slack" | "teams";
  /** The email the chat platform reports; null: the platform gives none. Default the demo user's email. */
  email?: string | null;
  correlationId?: string;
  /** Default `T_DEMO` (Slack) / `tenant-demo` (Teams). */
  tenantId?: string;
  /** Default `U_<NAME>` (Slack) / `29:<name>` (Teams). */
  userId?: string;
}

export interface CoreHarness {
  sandbox: RunningSandbox;
  okta: OktaGovernance;
  executor: SqlExecutor;
  store: PostgresStore;
  policy: Policy;
  clock: ManualClock;
  logger: Logger;
  identity: IdentityResolver;
  audit: AuditRecorder;
  notifier: RecordingNotifier;
  /** The pg-boss queue; throws unless the harness was created with `jobs: true`. */
  readonly jobs: JobQueue;
  /** Errors pg-boss reported in the background. */
  jobErrors: unknown[];
  /** Chat user ids whose email an actor's `lookupEmail` was asked for, in order. */
  emailLookups: string[];
  /** The chat user a demo user is on `platform` (ids like `U_ALICE`). */
  chatUserFor(user: DemoUserKey, options?: ActorOptions): ChatUserRef & { lookupEmail: () => Promise<string | undefined> };
  /** An actor for a demo user whose `lookupEmail` returns the demo email. */
  actorFor(user: DemoUserKey, options?: ActorOptions): Actor;
  /** The demo user as a chat-mention target. */
  mentionOf(user: DemoUserKey, options?: ActorOptions): TargetInput;
  /** A demo user's Okta id. */
  oktaIdOf(user: DemoUserKey): OktaUserId;
  /** Empties the identity cache (mappings, users, groups, roles), so the next resolve is cold. */
  clearIdentityCache(): Promise<void>;
  /**
   * Between tests sharing one harness: empties the identity cache, the
   * sandbox's call log, faults and rate-limit counts, `emailLookups` and the
   * notifier. Links, launches, audit entries and the clock stay.
   */
  reset(): Promise<void>;
  /** Stores an admin's link (made by carol) from a chat user to a demo user or any Okta user. */
  link(chatUser: { platform?: "slack" | "teams"; tenantId?: string; userId: string }, to: DemoUserKey | { id: string; login: string }): Promise<void>;
  /** Okta API calls the sandbox answered (token and discovery requests excluded). */
  oktaCalls(filter?: CallFilter): number;
  /** A conversation on `platform` (channel `C_INCIDENT`), optionally in a thread. */
  conversation(options?: { platform?: "slack" | "teams"; threadId?: string }): ConversationKey;
  close(): Promise<void>;
}

const TENANT = { slack: "T_DEMO", teams: "tenant-demo" } as const;

const GENEROUS_LIMITS: Record<string, Partial<RateLimitSetting>> = {
  users: { limit: 100_000 },
  token: { limit: 100_000 },
  default: { limit: 100_000 },
  "governance-sar": { limit: 100_000 },
  "governance-requests": { limit: 100_000 },
};

const REPO_POLICY = new URL("../../policy.yaml", import.meta.url);

function chatUserId(user: DemoUserKey, platform: "slack" | "teams"): string {
  return platform === "slack" ? `U_${user.toUpperCase()}` : `29:${user}`;
}

let correlation = 0;

/** Starts every part; `close()` stops them. Fails (and cleans up) if any part cannot start. */
export async function createCoreHarness(options: CoreHarnessOptions = {}): Promise<CoreHarness> {
  const cleanups: (() => Promise<void>)[] = [];
  const runCleanups = async () => {
    const errors: unknown[] = [];
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => errors.push(err));
    cleanups.length = 0;
    if (errors.length > 0) throw new AggregateError(errors, "the core harness did not close cleanly");
  };
  try {
    return await build(options, cleanups, runCleanups);
  } catch (err) {
    await runCleanups().catch(() => undefined);
    throw err;
  }
}

async function build(
  options: CoreHarnessOptions,
  cleanups: (() => Promise<void>)[],
  close: () => Promise<void>,
): Promise<CoreHarness> {
  const shareClock = (options.sandboxClock ?? "manual") === "manual";
  if (shareClock && options.start !== undefined) throw new Error("`start` needs sandboxClock: \"system\" (the shared clock starts at now)");
  const jwt = (options.oktaAuth ?? "privateKeyJwt") === "privateKeyJwt";
  // A few seconds ahead of wall time, so the warm-up assertion (signed with wall time) is already valid on it.
  const start = shareClock ? new Date(Date.now() + 5_000) : (options.start ?? new Date());
  const limit =
    shareClock && jwt
      ? {
          at: new Date(start.getTime() + TOKEN_SAFE_ADVANCE_MS),
          why:
            "the harness clock cannot move more than 55 minutes with private_key_jwt on the shared clock: the next token's assertion " +
            '(signed with wall time) would be refused; create the harness with oktaAuth: "ssws" or sandboxClock: "system"',
        }
      : undefined;
  const clock = createManualClock(start, limit);
  const logger = options.logger ?? pino({ level: "silent" });
  const policy = parsePolicy(options.policy ?? readFileSync(REPO_POLICY, "utf8"), "policy.yaml");

  const sandbox = await startSandbox({
    seed: "demo",
    rateLimits: { ...GENEROUS_LIMITS, ...options.rateLimits },
    ...(shareClock ? { clock } : {}),
    ...(options.deterministicIds !== undefined ? { deterministicIds: options.deterministicIds } : {}),
    ...(options.sarActivationDelayMs !== undefined ? { sarActivationDelayMs: options.sarActivationDelayMs } : {}),
  });
  cleanups.push(() => sandbox.close());

  const auth: OktaAuth =
    !jwt
      ? { kind: "ssws", apiToken: sandbox.apiToken }
      : {
          kind: "privateKeyJwt",
          clientId: sandbox.clientId,
          privateKey: JSON.stringify(sandbox.privateJwk),
          keyId: sandbox.keyId,
          scopes: [...BOT_SCOPES],
          dpop: false,
        };
  const okta = createOktaClient({
    orgUrl: new URL(sandbox.url),
    adminUrl: new URL(sandbox.adminUrl),
    auth,
    logger,
    retry: { minDelayMs: 1, maxDelayMs: 5, jitterMs: 0 },
    ...(shareClock ? { clock } : {}),
    ...options.okta,
  });
  // Fetch the token now, while the shared clock is still at wall time; then forget the call.
  await okta.getUser(DEMO_USERS.alice.id);
  sandbox.calls.clear();
  sandbox.rateLimits.reset();

  const { executor, database, store, close: closeStore } = await openTestStore({ clock, database: options.database });
  cleanups.push(closeStore);

  const jobErrors: unknown[] = [];
  let jobs: JobQueue | undefined;
  if (options.jobs === true) {
    const queue = createPgBossJobQueue({
      connection: database ? { kind: "connectionString", connectionString: database.url, max: 3 } : { kind: "executor", executor },
      onError: (error) => jobErrors.push(error),
    });
    await queue.start();
    jobs = queue;
    cleanups.push(() => queue.stop({ graceful: true, timeoutMs: 5_000 }));
  }

  const audit = createAuditRecorder({ store, logger });
  const identity = createIdentityResolver({
    okta,
    store,
    policy,
    clock,
    logger,
    audit,
    cacheTtlMs: options.cacheTtlMs ?? 5 * 60_000,
    matchAttribute: options.matchAttribute ?? "profile.email",
  });
  const notifier = new RecordingNotifier();
  cleanups.push(async () => notifier.close());

  const clearIdentityCache = async (): Promise<void> => {
    await executor.exec("DELETE FROM identity_cache");
  };
  const emailLookups: string[] = [];
  const chatUserFor: CoreHarness["chatUserFor"] = (user, actorOptions = {}) => {
    const platform = actorOptions.platform ?? "slack";
    const userId = actorOptions.userId ?? chatUserId(user, platform);
    const email = actorOptions.email === undefined ? DEMO_USERS[user].email : (actorOptions.email ?? undefined);
    return {
      platform,
      tenantId: actorOptions.tenantId ?? TENANT[platform],
      userId,
      displayName: user,
      lookupEmail: async () => {
        emailLookups.push(userId);
        return email;
      },
    };
  };

  return {
    sandbox,
    okta,
    executor,
    store,
    policy,
    clock,
    logger,
    identity,
    audit,
    notifier,
    get jobs(): JobQueue {
      if (jobs === undefined) throw new Error("create the harness with { jobs: true } to get a job queue");
      return jobs;
    },
    jobErrors,
    emailLookups,
    chatUserFor,
    actorFor: (user, actorOptions = {}) => ({
      ...chatUserFor(user, actorOptions),
      correlationId: actorOptions.correlationId ?? `test-${++correlation}`,
    }),
    // A mention arrives with the email the adapter read from the chat platform (none when `email: null`).
    mentionOf: (user, actorOptions = {}) => {
      const { lookupEmail: _lookup, ...chatUser } = chatUserFor(user, actorOptions);
      const email = actorOptions.email === undefined ? DEMO_USERS[user].email : (actorOptions.email ?? undefined);
      return { kind: "chat-user", user: chatUser, ...(email !== undefined && { email }) };
    },
    oktaIdOf: (user) => DEMO_USERS[user].id as OktaUserId,
    clearIdentityCache,
    reset: async () => {
      await clearIdentityCache();
      sandbox.calls.clear();
      sandbox.faults.clear();
      sandbox.rateLimits.reset();
      emailLookups.length = 0;
      notifier.clear();
    },
    link: async (chatUser, to) => {
      const platform = chatUser.platform ?? "slack";
      const target = typeof to === "string" ? DEMO_USERS[to] : to;
      await store.upsertIdentityLink({
        platform,
        tenantId: chatUser.tenantId ?? TENANT[platform],
        chatUserId: chatUser.userId,
        oktaUserId: target.id as OktaUserId,
        oktaLogin: target.login,
        linkedBy: { platform, tenantId: TENANT[platform], chatUserId: chatUserId("carol", platform), oktaUserId: DEMO_USERS.carol.id as OktaUserId },
      });
    },
    oktaCalls: (filter) =>
      sandbox.calls.list(filter).filter((call) => !call.path.startsWith("/oauth2/") && !call.path.startsWith("/.well-known/")).length,
    conversation: ({ platform = "slack", threadId } = {}) => ({
      platform,
      tenantId: TENANT[platform],
      conversationId: "C_INCIDENT",
      ...(threadId !== undefined ? { threadId } : {}),
    }),
    close,
  };
}

export interface TestStore {
  executor: SqlExecutor;
  /** The throwaway PostgreSQL database, when one was made. */
  database?: TestDatabase;
  store: PostgresStore;
  close: () => Promise<void>;
}

/** A migrated store on in-memory PGlite (default) or a throwaway PostgreSQL database, without the rest of the harness. */
export async function openTestStore(options: { clock: Clock; database?: "pglite" | "postgres" }): Promise<TestStore> {
  const database = options.database === "postgres" ? await createTestDatabase() : undefined;
  const executor = database ? createPgExecutor(database.url, { max: 4 }) : await createPgliteExecutor({ memory: true });
  const close = async () => {
    await executor.close();
    await database?.drop();
  };
  try {
    await migrate(executor);
  } catch (err) {
    await close();
    throw err;
  }
  return { executor, ...(database ? { database } : {}), store: createPostgresStore(executor, { clock: options.clock }), close };
}

/** Registers beforeAll/afterAll hooks that open one test store for the file; returns its getter. */
export function testStoreForFile(options: { clock: Clock; database?: "pglite" | "postgres" }): () => PostgresStore {
  let opened: TestStore | undefined;
  beforeAll(async () => {
    opened = await openTestStore(options);
  });
  afterAll(async () => {
    await opened?.close();
  });
  return () => {
    if (opened === undefined) throw new Error("the test store did not open");
    return opened.store;
  };
}

/** Registers beforeAll/afterAll hooks that start one harness for the file; returns its getter. */
export function coreHarnessForFile(options: CoreHarnessOptions = {}): () => CoreHarness {
  let harness: CoreHarness | undefined;
  beforeAll(async () => {
    harness = await createCoreHarness(options);
  });
  afterAll(async () => {
    await harness?.close();
  });
  return () => {
    if (harness === undefined) throw new Error("the core harness did not start");
    return harness;
  };
}

/** The error `promise` rejects with; fails when it resolves instead. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to be refused, but it succeeded");
    },
    (err: unknown) => err,
  );
}

export interface RecordedNotification {
  conversation: ConversationKey;
  event: GovernanceEvent;
}

type Waiter = {
  predicate: (n: RecordedNotification) => boolean;
  resolve: (n: RecordedNotification) => void;
  reject: (err: Error) => void;
};

/** A Notifier that records what it is asked to post; `waitFor` resolves when a matching post arrives. */
export class RecordingNotifier implements Notifier {
  readonly notifications: RecordedNotification[] = [];
  private waiters: Waiter[] = [];
  private refusals: Error[] = [];

  async notify(conversation: ConversationKey, event: GovernanceEvent): Promise<void> {
    const refusal = this.refusals.shift();
    if (refusal !== undefined) throw refusal;
    const recorded = { conversation, event };
    this.notifications.push(recorded);
    for (const waiter of [...this.waiters]) {
      if (!waiter.predicate(recorded)) continue;
      this.waiters = this.waiters.filter((w) => w !== waiter);
      waiter.resolve(recorded);
    }
  }

  /** The next `times` posts fail like a platform refusing them (the job should retry). */
  refuseNext(times = 1, error: Error = new Error("the chat platform refused the post")): void {
    for (let i = 0; i < times; i++) this.refusals.push(error);
  }

  /** Forgets recorded posts and pending refusals (waits still pending keep waiting). */
  clear(): void {
    this.notifications.length = 0;
    this.refusals = [];
  }

  /** Recorded events of one type, in order. */
  eventsOfType<T extends GovernanceEvent["type"]>(type: T): Extract<GovernanceEvent, { type: T }>[] {
    return this.notifications.map((n) => n.event).filter((e): e is Extract<GovernanceEvent, { type: T }> => e.type === type);
  }

  /**
   * The first recorded post matching `predicate`, now or when it arrives.
   * Never times out by itself: the test's own timeout bounds it.
   */
  waitFor(predicate: (n: RecordedNotification) => boolean): Promise<RecordedNotification> {
    const found = this.notifications.find(predicate);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => this.waiters.push({ predicate, resolve, reject }));
  }

  /** Rejects pending waits, naming what was recorded, so a hung test says why. */
  close(): void {
    const seen = this.notifications.map((n) => n.event.type).join(", ") || "nothing";
    for (const waiter of this.waiters) waiter.reject(new Error(`the notifier closed while waiting; it recorded: ${seen}`));
    this.waiters = [];
  }
}
