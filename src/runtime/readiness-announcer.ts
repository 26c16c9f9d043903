/**
 * Says "ready" in the log only when every `/readyz` check passes. Until
 * then it names what is failing and that it keeps retrying, and says
 * "ready" once it is (a real Okta org unreachable at start-up comes back).
 */
import { runChecks, type ReadinessCheck } from "../adapters/http/health.js";

export interface ReadinessLogger {
  info(message: string): void;
  warn(object: object, message: string): void;
}

export interface AnnounceReadinessOptions {
  checks: () => readonly ReadinessCheck[];
  logger: ReadinessLogger;
  /** Where the bot answers, for the "ready" line. */
  url: string;
  /** Time between attempts while not ready. */
  retryMs?: number;
}

/** Starts checking; returns stop(), which ends the retries (call it on shutdown). */
export function announceReadiness(options: AnnounceReadinessOptions): () => void {
  const retryMs = options.retryMs ?? 15_000;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let lastFailing = "";
  const attempt = async (): Promise<void> => {
    const results = await runChecks(options.checks());
    if (stopped) return;
    const failing = Object.entries(results).filter(([, result]) => result.status === "failing");
    if (failing.length === 0) {
      options.logger.info(`oig-chatops is ready: every check of ${options.url}/readyz passes`);
      return;
    }
    const summary = failing.map(([name, result]) => `${name}: ${result.detail ?? "failing"}`).join("; ");
    // The same failure is said once, not every retry; a change is said again.
    if (summary !== lastFailing) {
      options.logger.warn(
        { failing: Object.fromEntries(failing) },
        `oig-chatops is NOT ready (${summary}); it keeps serving and checks again every ${retryMs >= 1000 ? `${Math.round(retryMs / 1000)} s` : `${retryMs} ms`} (GET ${options.url}/readyz shows the state)`,
      );
      lastFailing = summary;
    }
    timer = setTimeout(() => void attempt(), retryMs);
    timer.unref();
  };
  void attempt();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
