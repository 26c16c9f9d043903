/**
 * Later events of a flow (after the first reply): approval decided, SAR
 * launched, status changed. The core pushes them through `Notifier`; each
 * adapter implements it and posts into the conversation/thread the flow
 * started in (`ConversationKey`), also from another replica or after a
 * restart.
 */
import type { ConversationKey } from "./actor.js";
import type { LaunchView, PersonView, RequestView, SarView } from "./replies.js";
import type { TriageActionDone, TriageClosingSummary, TriageView } from "./triage/types.js";

export type GovernanceEvent =
  /** A launch's approval card changed (a decision, expiry, cancel): re-render it everywhere. */
  | { type: "launch-updated"; launch: LaunchView }
  /** The SAR was created in Okta. */
  | { type: "launch-succeeded"; launch: LaunchView; sar: SarView }
  /** Okta is slow or down; the launch is kept and retried. */
  | { type: "launch-delayed"; launch: LaunchView; reason: string; retryAt?: Date }
  /** The launch failed for good, with a reason a person can act on. */
  | { type: "launch-failed"; launch: LaunchView; code: string; message: string; hint?: string }
  /** A watched SAR changed status (PENDING -> ACTIVE -> CLOSED, or ERROR). */
  | { type: "sar-status-changed"; sar: SarView; previousStatus: string | null }
  /** A watched access request changed status. */
  | { type: "request-status-changed"; request: RequestView; previousStatus: string | null }
  /** A launched review became ACTIVE: post its shared triage card in the launch thread (then `attachTriageCard`). */
  | { type: "triage-card"; triage: TriageView }
  /**
   * A shown triage card changed (an action here, or a change made in the
   * Admin Console or the End-User Dashboard that the watch saw): update the
   * message `messageId` in place; `done` is set when a chat action caused it.
   */
  | { type: "triage-updated"; triage: TriageView; messageId: string; done?: TriageActionDone }
  /** The review closed: post the closing summary in the thread (the card itself gets a `triage-updated` without buttons). */
  | { type: "review-closed"; triage: TriageView; summary: TriageClosingSummary; closedBy?: PersonView };

export interface Notifier {
  /** Posts `event` into `conversation`; throws when the platform refused (the job retries). */
  notify(conversation: ConversationKey, event: GovernanceEvent): Promise<void>;
}

/** Sends each event to the notifier registered for its conversation's platform. */
export function routeByPlatform(notifiers: Partial<Record<ConversationKey["platform"], Notifier>>): Notifier {
  return {
    async notify(conversation, event) {
      const target = notifiers[conversation.platform];
      if (!target) throw new Error(`no notifier for platform ${conversation.platform}`);
      await target.notify(conversation, event);
    },
  };
}
