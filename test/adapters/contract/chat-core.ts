/**
 * The real governance core on the core harness (Okta sandbox over HTTP,
 * PGlite, pg-boss, the repo's policy), started for a chat adapter's
 * end-to-end tests. The core needs its notifier before the adapter exists:
 * `notifiers` is read at every notify, so the adapter registers itself
 * there once it is built.
 */
import { createGovernanceCore, type RunningCore } from "../../../src/governance/create-core.js";
import type { ChatPlatform } from "../../../src/governance/actor.js";
import { createChatState, type ChatState } from "../../../src/governance/chat-state.js";
import { routeByPlatform, type Notifier } from "../../../src/governance/notifier.js";
import { createCoreHarness, type CoreHarness, type CoreHarnessOptions } from "../../support/core-harness.js";

export interface ChatCore {
  h: CoreHarness;
  core: RunningCore;
  /** The adapters' chat state over the harness's store. */
  chatState: ChatState;
  /** Register the adapter's notifier here (e.g. `notifiers.teams = adapter.notifier`). */
  notifiers: Partial<Record<ChatPlatform, Notifier>>;
  close(): Promise<void>;
}

/** Quick job polling and retries, as the core's own launch tests use. */
export const FAST_LAUNCH_TIMINGS = { pollingIntervalSeconds: 0.5, retryBaseMs: 100, retryMaxMs: 500, attemptTimeoutMs: 10_000, stallAfterMs: 120_000 };

/** Starts the harness (with pg-boss) and the core's workers on it. */
export async function startChatCore(options: CoreHarnessOptions = {}): Promise<ChatCore> {
  const h = await createCoreHarness({ jobs: true, ...options });
  try {
    const notifiers: Partial<Record<ChatPlatform, Notifier>> = {};
    const core = createGovernanceCore({
      store: h.store,
      okta: h.okta,
      policy: h.policy,
      jobs: h.jobs,
      notifier: routeByPlatform(notifiers),
      clock: h.clock,
      logger: h.logger,
      identity: { cacheTtlMs: 60_000, matchAttribute: "profile.email" },
      timings: FAST_LAUNCH_TIMINGS,
      reviewUrl: (sarId) => `https://sandbox.okta.example/admin/governance/security-access-reviews/${sarId}`,
    });
    await core.start();
    return { h, core, chatState: createChatState(h.store), notifiers, close: () => h.close() };
  } catch (err) {
    await h.close();
    throw err;
  }
}
