/**
 * Set-up of the triage watch tests: a fake triage service (views set by the
 * test, as if people changed the review in the Admin Console), a launched
 * SAR with the watch its launch gets, and a watch service ("replica") that
 * follows triage cards.
 */
import type { ConversationKey } from "../../../src/governance/actor.js";
import type { SarId } from "../../../src/governance/okta/types.js";
import { launchThread } from "../../../src/governance/sar/views.js";
import type { LaunchRecord } from "../../../src/governance/store.js";
import type { TriageClosingSummary, TriageView, TriageViews } from "../../../src/governance/triage/types.js";
import type { WatchService, WatchServiceOptions } from "../../../src/governance/watch/index.js";
import { launchInput } from "../../adapters/postgres/contract/fixtures.js";
import { DEMO_USERS, type CoreHarness } from "../../support/core-harness.js";
import { sampleTriageView } from "../../support/triage-views.js";
import { createDemoSar } from "../requests/support.js";
import { INTERVAL_MS, watchServiceFor } from "./support.js";

/** The triage service as the watch sees it: views the test sets, and every call recorded. */
export class FakeTriageViews implements TriageViews {
  readonly reads: { sarId: string; fresh: boolean }[] = [];
  readonly summaryReads: string[] = [];
  readonly invalidated: string[] = [];
  private readonly views = new Map<string, TriageView>();
  private readonly summaries = new Map<string, TriageClosingSummary>();
  private readonly failures = new Map<string, Error[]>();
  /** When set, each read waits here first (to line two replicas up). */
  beforeRead: (() => Promise<void>) | undefined;

  /** The card Okta would show now for `sarId`: the sample view with that id, changed by `change`. */
  set(sarId: string, change: (view: TriageView) => TriageView = (v) => v): TriageView {
    const base = this.views.get(sarId) ?? sampleTriageView({ sar: { ...sampleTriageView().sar, id: sarId } });
    const next = change(structuredClone(base));
    this.views.set(sarId, next);
    return next;
  }

  /** The review closed in Okta: read-only, with this summary. */
  close(sarId: string, summary: TriageClosingSummary): TriageView {
    this.summaries.set(sarId, summary);
    return this.set(sarId, (v) => ({
      ...v,
      sar: { ...v.sar, status: "CLOSED" },
      readOnly: true,
      controls: [],
      items: v.items.map((item) => ({ ...item, allowedActions: [] })),
    }));
  }

  /** The next reads of `sarId` fail with `error`, `times` times. */
  failNext(sarId: string, error: Error, times = 1): void {
    this.failures.set(sarId, [...(this.failures.get(sarId) ?? []), ...Array.from({ length: times }, () => error)]);
  }

  readsOf(sarId: string): number {
    return this.reads.filter((r) => r.sarId === sarId).length;
  }

  async sharedView(sarId: string, options?: { cursor?: string; fresh?: boolean }): Promise<TriageView> {
    await this.beforeRead?.();
    this.reads.push({ sarId, fresh: options?.fresh === true });
    const failure = this.failures.get(sarId)?.shift();
    if (failure !== undefined) throw failure;
    const view = this.views.get(sarId);
    if (view === undefined) throw new Error(`no view set for ${sarId}`);
    return structuredClone(view);
  }

  async closingSummary(sarId: string): Promise<TriageClosingSummary> {
    this.summaryReads.push(sarId);
    const summary = this.summaries.get(sarId);
    if (summary === undefined) throw new Error(`no summary set for ${sarId}`);
    return { ...summary };
  }

  invalidate(sarId: string): void {
    this.invalidated.push(sarId);
  }
}

/** A watch service ("replica") that posts and follows triage cards through `views`. */
export function triageWatchFor(h: CoreHarness, views: TriageViews, over: Partial<WatchServiceOptions> = {}): WatchService {
  return watchServiceFor(h, { triageViews: () => views, ...over });
}

export interface LaunchedSar {
  launch: LaunchRecord;
  sarId: string;
  /** The launch thread, where the launch's watch posts. */
  thread: ConversationKey;
}

/**
 * A launch recorded as LAUNCHED with a PENDING SAR in the sandbox (named
 * like the bot names it, ending with the launch reference) and the watch
 * every launch gets, in its thread.
 */
export async function launchedSar(h: CoreHarness, threadId = "1700000000.000100"): Promise<LaunchedSar> {
  const conversation = h.conversation({ threadId });
  const created = await h.store.createLaunch(
    launchInput(h.clock, {
      conversation,
      requester: { platform: conversation.platform, tenantId: conversation.tenantId, chatUserId: "U_ALICE", oktaUserId: h.oktaIdOf("alice") },
      approval: { required: false, minApprovals: 0, expiresAt: null },
    }),
  );
  const sarId = createDemoSar(h, `SAR dan.target INC-4711 ${created.reference}`, [DEMO_USERS.erin.id]);
  await h.store.transitionLaunch(created.id, { from: ["APPROVED"], to: "LAUNCHING" });
  const launch = await h.store.transitionLaunch(created.id, { from: ["LAUNCHING"], to: "LAUNCHED", set: { sarId: sarId as SarId, sarStatus: "PENDING" } });
  if (launch === null) throw new Error("the launch did not reach LAUNCHED");
  const thread = launchThread(launch);
  await h.store.addWatch({ kind: "sar", oktaId: sarId, conversation: thread, createdBy: launch.requester.oktaUserId, lastStatus: "PENDING" });
  return { launch, sarId, thread };
}

/** Moves the manual clock one poll interval on and runs a round of `watch`. */
export function nextRound(h: CoreHarness, watch: WatchService) {
  h.clock.advance(INTERVAL_MS);
  return watch.pollOnce();
}

/** Resolves each caller once `count` callers wait (two replicas meeting at the same step). */
export function meetingPoint(count: number): () => Promise<void> {
  let waiting = 0;
  let release: () => void = () => undefined;
  const met = new Promise<void>((resolve) => {
    release = resolve;
  });
  return () => {
    waiting += 1;
    if (waiting === count) release();
    return met;
  };
}
