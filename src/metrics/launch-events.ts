/**
 * Counts launch outcomes and approval wait times from the events the core
 * pushes through its `Notifier` port: the core announces each outcome once,
 * right after the transition that made it, so wrapping the notifier the app
 * hands the core observes every outcome without the core knowing of metrics.
 */
import type { GovernanceEvent, Notifier } from "../governance/notifier.js";
import type { LaunchView } from "../governance/replies.js";
import type { BotMetrics, LaunchOutcome } from "./prometheus.js";

export interface LaunchEventMetricsOptions {
  metrics: Pick<BotMetrics, "launchOutcome" | "approvalWait">;
  /** When the launch was submitted (the store's `createdAt`); null when unknown. */
  submittedAt: (launchId: string) => Promise<Date | null>;
  /** Told when reading the submit time fails; the event is still delivered. */
  onError?: (err: unknown) => void;
}

/** Events already counted, so a redelivered post (after chat refused it) is not counted twice. */
const REMEMBERED = 10_000;

const FINAL_UPDATES: Partial<Record<LaunchView["state"], LaunchOutcome>> = { DENIED: "denied", EXPIRED: "expired", CANCELED: "canceled" };

function outcomeOf(event: GovernanceEvent): LaunchOutcome | undefined {
  if (event.type === "launch-succeeded") return "launched";
  if (event.type === "launch-failed") return "failed";
  if (event.type === "launch-updated") return FINAL_UPDATES[event.launch.state];
  return undefined;
}

function decisionOf(launch: LaunchView): "approved" | "denied" | undefined {
  if (!launch.approval.required) return undefined;
  if (launch.state === "APPROVED") return "approved";
  if (launch.state === "DENIED" && launch.approval.decisions.length > 0) return "denied";
  return undefined;
}

/** Wraps `inner`: every event is delivered unchanged; launch events are counted first. */
export function observeLaunchEvents(inner: Notifier, options: LaunchEventMetricsOptions): Notifier {
  const seen = new Set<string>();
  const firstTime = (key: string): boolean => {
    if (seen.has(key)) return false;
    seen.add(key);
    if (seen.size > REMEMBERED) seen.delete(seen.values().next().value as string);
    return true;
  };

  const record = async (event: GovernanceEvent): Promise<void> => {
    if (!("launch" in event)) return;
    const outcome = outcomeOf(event);
    if (outcome !== undefined && firstTime(`${event.launch.id}:${outcome}`)) options.metrics.launchOutcome(outcome);
    const decision = event.type === "launch-updated" ? decisionOf(event.launch) : undefined;
    if (decision === undefined || !firstTime(`${event.launch.id}:decision`)) return;
    const decidedAt = Math.max(...event.launch.approval.decisions.map((d) => d.at.getTime()));
    const submitted = await options.submittedAt(event.launch.id);
    if (submitted !== null && Number.isFinite(decidedAt)) options.metrics.approvalWait((decidedAt - submitted.getTime()) / 1000, decision);
  };

  return {
    async notify(conversation, event) {
      try {
        await record(event);
      } catch (err) {
        options.onError?.(err);
      }
      await inner.notify(conversation, event);
    },
  };
}
