/**
 * `GET /healthz` (the process is up) and `GET /readyz` (each dependency
 * answers). A readiness check returns a short line for people; failures
 * never carry secrets or stack traces.
 */
import type { HttpServer } from "./server.js";
import { sendJson } from "./server.js";

export type CheckResult = { status: "ok" | "off"; detail?: string } | { status: "failing"; detail: string };

export interface ReadinessCheck {
  name: string;
  /** Resolves to the check's state; a rejection counts as failing with the error's message. */
  check(): Promise<CheckResult>;
}

/** Runs every check (in parallel, each bounded by `timeoutMs`). */
export async function runChecks(checks: readonly ReadinessCheck[], timeoutMs = 3000): Promise<Record<string, CheckResult>> {
  const entries = await Promise.all(
    checks.map(async (c): Promise<[string, CheckResult]> => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<CheckResult>((resolve) => {
        timer = setTimeout(() => resolve({ status: "failing", detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
      });
      try {
        return [c.name, await Promise.race([c.check(), timeout])];
      } catch (error) {
        return [c.name, { status: "failing", detail: error instanceof Error ? error.message : String(error) }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return Object.fromEntries(entries);
}

/** Mounts `/healthz` and `/readyz` on `server`. */
export function mountHealth(server: HttpServer, checks: () => readonly ReadinessCheck[]): void {
  server.route("GET", "/healthz", (_req, res) => sendJson(res, 200, { status: "ok" }));
  server.route("GET", "/readyz", async (_req, res) => {
    const results = await runChecks(checks());
    const ready = Object.values(results).every((r) => r.status !== "failing");
    sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : "not_ready", checks: results });
  });
}

/**
 * Wraps a check so it runs at most once per `ttlMs` (probes of a load
 * balancer must not spend the Okta rate limit); concurrent calls share one run.
 */
export function cachedCheck(check: ReadinessCheck, ttlMs: number, now: () => number = Date.now): ReadinessCheck {
  let last: { at: number; result: Promise<CheckResult> } | undefined;
  return {
    name: check.name,
    check() {
      if (last === undefined || now() - last.at >= ttlMs) {
        const result = check.check().catch((error: unknown): CheckResult => ({ status: "failing", detail: error instanceof Error ? error.message : String(error) }));
        last = { at: now(), result };
      }
      return last.result;
    },
  };
}

/** Okta answers with the bot's credentials: a token is obtained and a harmless user search runs. */
export function oktaReadiness(probe: () => Promise<unknown>, describe: string): ReadinessCheck {
  return {
    name: "okta",
    async check() {
      try {
        await probe();
        return { status: "ok", detail: describe };
      } catch (error) {
        const hint = typeof (error as { hint?: unknown }).hint === "string" ? ` ${(error as { hint: string }).hint}` : "";
        const message = (error instanceof Error ? error.message : String(error)).replace(/[.\s]+$/, "");
        return { status: "failing", detail: `${describe}: ${message}.${hint}` };
      }
    },
  };
}

/** The policy file was found at start-up: without one every action is denied, so the bot is not ready to serve. */
export function policyReadiness(found: boolean, path: string): ReadinessCheck {
  return {
    name: "policy",
    check: async () =>
      found
        ? { status: "ok", detail: path }
        : { status: "failing", detail: `no policy file at ${path}: every action is denied; write one (see policy.example.yaml) and restart` },
  };
}
