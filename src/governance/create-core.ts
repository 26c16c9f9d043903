/**
 * Composes the core's services (identity, audit, launches, requests,
 * watches, admin) into the `GovernanceCore` the chat adapters call.
 */
import type { Logger } from "pino";
import type { ConversationKey } from "./actor.js";
import { createAdminService } from "./admin/index.js";
import { createAuditRecorder } from "./audit/index.js";
import type { GovernanceCore } from "./core.js";
import { createIdentityResolver } from "./identity/index.js";
import type { IdentityResolver } from "./identity/types.js";
import type { JobQueue } from "./jobs.js";
import type { Notifier } from "./notifier.js";
import type { Policy } from "./policy/index.js";
import type { Clock, OktaGateway } from "./ports.js";
import { createRequestService } from "./requests/index.js";
import { createLaunchService, type LaunchService, type LaunchTimings } from "./sar/index.js";
import type { GovernanceStore } from "./store.js";
import { createWatchService, type WatchService } from "./watch/index.js";

export interface CoreOptions {
  store: GovernanceStore;
  okta: OktaGateway;
  policy: Policy;
  jobs: JobQueue;
  /** Where later events go; usually `routeByPlatform(...)` over the adapters' notifiers. */
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  identity: { cacheTtlMs: number; matchAttribute: string };
  /** How often watched SARs and requests are polled (whole minutes; default 1 minute). */
  watchIntervalMs?: number;
  timings?: Partial<LaunchTimings>;
  /** Link to a SAR in the Okta console, when known. */
  reviewUrl?: (sarId: string) => string | undefined;
}

export interface RunningCore extends GovernanceCore {
  /** Creates queues, registers workers and schedules (the job queue must be started). */
  start(): Promise<void>;
  readonly identity: IdentityResolver;
  readonly launches: LaunchService;
  readonly watches: WatchService;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LAUNCH_REFERENCE = /^L[0-9A-Z]{6}$/i;
const DEFAULT_INBOUND_TTL_MS = 24 * 3_600_000;

/** Builds the governance core over its injected dependencies. */
export function createGovernanceCore(options: CoreOptions): RunningCore {
  const { store, okta, policy, jobs, notifier, clock, logger } = options;
  const audit = createAuditRecorder({ store, logger: logger.child({ component: "audit" }) });
  const identity = createIdentityResolver({
    okta,
    store,
    policy,
    clock,
    audit,
    logger: logger.child({ component: "identity" }),
    cacheTtlMs: options.identity.cacheTtlMs,
    matchAttribute: options.identity.matchAttribute,
  });
  const launches = createLaunchService({
    store,
    okta,
    identity,
    policy,
    jobs,
    notifier,
    audit,
    clock,
    logger: logger.child({ component: "launch" }),
    ...(options.timings !== undefined && { timings: options.timings }),
    ...(options.reviewUrl !== undefined && { reviewUrl: options.reviewUrl }),
  });
  const requests = createRequestService({ okta, identity, store, audit, clock, logger: logger.child({ component: "requests" }) });
  const watches = createWatchService({
    okta,
    identity,
    store,
    notifier,
    jobs,
    clock,
    logger: logger.child({ component: "watch" }),
    intervalMs: options.watchIntervalMs ?? 60_000,
  });
  const admin = createAdminService({ identity, store, policy, audit, okta, logger: logger.child({ component: "admin" }) });

  return {
    identity,
    launches,
    watches,
    async start() {
      await launches.start();
      await watches.start();
    },
    help: () => admin.help(),
    whoami: (actor) => admin.whoami(actor),
    openLaunchForm: (actor, prefill) => launches.openForm(actor, prefill),
    submitLaunch: (actor, input) => launches.submit(actor, input),
    attachLaunchMessage: async (launchId, messageId) => {
      await launches.attachLaunchMessage(launchId, messageId);
    },
    decideLaunch: (actor, input) => launches.decide(actor, input),
    cancelLaunch: (actor, launchId) => launches.cancel(actor, launchId),
    status: (actor, id) => {
      const trimmed = id.trim();
      return UUID.test(trimmed) || LAUNCH_REFERENCE.test(trimmed) ? launches.getLaunch(actor, trimmed) : requests.status(actor, trimmed);
    },
    listRequests: (actor, input) => requests.list(actor, input),
    postRequestMessage: (actor, requestId, text) => requests.postMessage(actor, requestId, text),
    watch: (actor, id, conversation: ConversationKey) => watches.watch(actor, id, conversation),
    link: (actor, chatUser, oktaLoginOrId) => admin.link(actor, chatUser, oktaLoginOrId),
    audit: (actor, input) => admin.audit(actor, input),
    claimInbound: (key, ttlMs = DEFAULT_INBOUND_TTL_MS) => store.claimInbound(key, { ttlMs }),
    putConversationReference: (key, reference) => store.putConversationReference(key, reference),
    getConversationReference: (key) => store.getConversationReference(key),
  };
}
