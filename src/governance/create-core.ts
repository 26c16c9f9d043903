/**
 * Composes the core's services (identity, audit, launches, requests,
 * watches, admin) into the `GovernanceCore` the chat adapters call.
 */
import type { Logger } from "pino";
import type { ConversationKey } from "./actor.js";
import { createAdminService, type DoctorPort } from "./admin/index.js";
import { createAuditExportService, createAuditRecorder, type AuditExportService, type OktaRequestLedger, type PermalinkBuilder } from "./audit/index.js";
import type { GovernanceCore } from "./core.js";
import { createIdentityResolver } from "./identity/index.js";
import type { IdentityResolver } from "./identity/types.js";
import type { JobQueue } from "./jobs.js";
import type { Notifier } from "./notifier.js";
import type { Policy } from "./policy/index.js";
import { createProposalService, type ProposalNotifiers, type ProposalService } from "./proposals/index.js";
import type { Clock, OktaGovernance } from "./ports.js";
import { createRequestService } from "./requests/index.js";
import { createLaunchService, type LaunchService, type LaunchTimings } from "./sar/index.js";
import type { LaunchStepHook } from "./sar/launch-steps.js";
import type { GovernanceStore } from "./store.js";
import { createStepUpService, type StepUpOidc, type StepUpService } from "./stepup/index.js";
import { createTriageService, type ItemActionInput, type TriageService } from "./triage/index.js";
import type { TriageViews } from "./triage/types.js";
import { attachTriageCard } from "./triage/watch.js";
import { createWatchService, type WatchService } from "./watch/index.js";

export interface CoreOptions {
  store: GovernanceStore;
  okta: OktaGovernance;
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
  /** Called at each step of a launch (tests that crash a process there); unset in production. */
  onLaunchStep?: LaunchStepHook;
  /** Link to a SAR in the Okta console, when known. */
  reviewUrl?: (sarId: string) => string | undefined;
  /** The configuration checks behind `/sar doctor`, injected by the composition root. */
  doctor?: DoctorPort;
  /** Okta's request ids per flow (fed by the Okta client's `onCall`), attached to audit entries. */
  oktaRequests?: OktaRequestLedger;
  /** The audit export: the bot's public base URL for download links, and chat permalinks. */
  auditExport?: { publicUrl: () => string | undefined; ticketTtlMs?: number; permalink?: PermalinkBuilder };
  /** Where proposal cards go, per platform (read at each event; adapters register theirs later). */
  proposalNotifiers?: ProposalNotifiers;
  /** Step-up sign-in for approvals; without it a policy with `stepUp: true` can never be approved (app start-up refuses that). */
  stepUp?: StepUpOptions;
  /** The bot's name and version (`/sar version`), read by the composition root. */
  about?: { name: string; version: string };
  /** How long triage reads are reused per process (default 60 s). */
  triageCacheTtlMs?: number;
}

/** Step-up sign-in for approvals under policy `stepUp: true` (docs/step-up.md). */
export interface StepUpOptions {
  oidc: StepUpOidc;
  /** `<public base URL>/stepup/start`, read when a link is made. */
  startUrl: () => string;
  /** How long a link is good for (default 5 minutes). */
  ttlMs?: number;
}

export interface RunningCore extends GovernanceCore {
  /** Creates queues, registers workers and schedules (the job queue must be started). */
  start(): Promise<void>;
  readonly identity: IdentityResolver;
  readonly launches: LaunchService;
  readonly watches: WatchService;
  /** The audit export (chat commands and `GET /audit/export`). */
  readonly auditExport: AuditExportService;
  /** Okta Event Hook deliveries (risk events proposing a review). */
  readonly proposals: ProposalService;
  /** Present when step-up sign-in is configured; `/stepup/*` routes call it. */
  readonly stepUp?: StepUpService;
  /** Triage of launched reviews (PRODUCT 4.4): the shared card, closing summaries and the cache the watch invalidates. */
  readonly triage: TriageService;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LAUNCH_REFERENCE = /^L[0-9A-Z]{6}$/i;

/** Builds the governance core over its injected dependencies. */
export function createGovernanceCore(options: CoreOptions): RunningCore {
  const { store, okta, policy, jobs, notifier, clock, logger } = options;
  const audit = createAuditRecorder({
    store,
    logger: logger.child({ component: "audit" }),
    ...(options.oktaRequests !== undefined && { oktaRequests: options.oktaRequests }),
  });
  const identity = createIdentityResolver({
    okta,
    store,
    policy,
    clock,
    audit,
    logger: logger.child({ component: "identity" }),
    cacheTtlMs: options.identity.cacheTtlMs,
    matchAttribute: options.identity.matchAttribute,
    memoryCache: true,
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
    ...(options.onLaunchStep !== undefined && { onStep: options.onLaunchStep }),
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
    // The triage service is composed below; the watch reads it at each poll round (never before start).
    triageViews: (): TriageViews => triage,
  });
  const proposals = createProposalService({
    store,
    okta,
    policy,
    notifiers: options.proposalNotifiers ?? {},
    clock,
    logger: logger.child({ component: "proposals" }),
  });
  const admin = createAdminService({
    identity,
    store,
    policy,
    audit,
    okta,
    logger: logger.child({ component: "admin" }),
    ...(options.doctor !== undefined && { doctor: options.doctor }),
  });

  const triage = createTriageService({
    store,
    cards: store,
    okta,
    identity,
    policy,
    audit,
    notifier,
    clock,
    logger: logger.child({ component: "triage" }),
    ...(options.reviewUrl !== undefined && { reviewUrl: options.reviewUrl }),
    ...(options.triageCacheTtlMs !== undefined && { cacheTtlMs: options.triageCacheTtlMs }),
    // Under approval.sar.remediate.stepUp an item action answers with the private sign-in link.
    ...(options.stepUp !== undefined && {
      stepUp: {
        challenge: (actor, person, input, acrValues) => {
          if (stepUp === undefined) throw new Error("step-up is configured but its service is missing");
          return stepUp.challengeItemAction(actor, person, { ...input }, acrValues);
        },
      },
    }),
  });

  const stepUp: StepUpService | undefined =
    options.stepUp === undefined
      ? undefined
      : createStepUpService({
          store,
          identity,
          policy,
          audit,
          clock,
          logger: logger.child({ component: "step-up" }),
          oidc: options.stepUp.oidc,
          startUrl: options.stepUp.startUrl,
          decide: (actor, input) => launches.decide(actor, input),
          itemAction: (actor, item, proof) =>
            triage.itemActionVerified(actor, { ...item, action: item.action as ItemActionInput["action"] }, proof),
          matchAttribute: options.identity.matchAttribute,
          ...(options.stepUp.ttlMs !== undefined && { ttlMs: options.stepUp.ttlMs }),
        });

  const auditExport = createAuditExportService({
    identity,
    store,
    audit,
    clock,
    logger: logger.child({ component: "audit-export" }),
    publicUrl: options.auditExport?.publicUrl ?? (() => undefined),
    ...(options.auditExport?.ticketTtlMs !== undefined && { ticketTtlMs: options.auditExport.ticketTtlMs }),
    ...(options.auditExport?.permalink !== undefined && { permalink: options.auditExport.permalink }),
  });

  return {
    identity,
    launches,
    watches,
    auditExport,
    proposals,
    triage,
    ...(stepUp !== undefined && { stepUp }),
    async start() {
      await launches.start();
      await watches.start();
    },
    help: () => admin.help(),
    version: () => ({ type: "version", name: options.about?.name ?? "oig-chatops", version: options.about?.version ?? "unknown" }),
    whoami: (actor) => admin.whoami(actor),
    openLaunchForm: (actor, prefill) => launches.openForm(actor, prefill),
    proposalPrefill: (proposalId) => proposals.prefill(proposalId),
    submitLaunch: (actor, input) => launches.submit(actor, input),
    attachLaunchMessage: async (launchId, messageId) => {
      await launches.attachLaunchMessage(launchId, messageId);
    },
    // Chat clicks never carry a step-up proof; under stepUp: true Approve answers with the private link.
    decideLaunch: (actor, input) =>
      stepUp ? stepUp.decide(actor, input) : launches.decide(actor, { launchId: input.launchId, decision: input.decision, ...(input.reason !== undefined && { reason: input.reason }), ...(input.idempotencyKey !== undefined && { idempotencyKey: input.idempotencyKey }) }),
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
    doctor: (actor) => admin.doctor(actor),
    exportAudit: (actor, input) => auditExport.start(actor, input),
    openTriage: (actor, input) => triage.openTriage(actor, input),
    triageDetails: (actor, input) => triage.triageDetails(actor, input),
    triageMayAct: (actor, input) => triage.triageMayAct(actor, input),
    triageItemAction: (actor, input) => triage.triageItemAction(actor, input),
    triageReviewAction: (actor, input) => triage.triageReviewAction(actor, input),
    triageUpdate: (actor, input) => triage.triageUpdate(actor, input),
    triageComment: (actor, input) => triage.triageComment(actor, input),
    triageSummarize: (actor, input) => triage.triageSummarize(actor, input),
    attachTriageCard: (ref, conversation) => attachTriageCard(store, ref, conversation),
  };
}
