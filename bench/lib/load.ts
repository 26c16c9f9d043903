/**
 * A small closed-loop HTTP load generator: `concurrency` keep-alive
 * connections, each sending its next request as soon as the last answer
 * arrived, for `durationMs`. Latencies are measured from write to the end
 * of the answer, in milliseconds. An answer marked `x-oig-busy` (the bot
 * turned the command away instead of queueing it) is counted in `busy`, not
 * as a latency, so shedding load cannot flatter a figure.
 */
import { Agent, request } from "node:http";

export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadOptions {
  url: string;
  concurrency: number;
  durationMs: number;
  /** Builds each request (fresh timestamps, signatures, ids). */
  next: () => LoadRequest;
  /** Status codes that count as success (default 200). */
  ok?: (status: number) => boolean;
  /** Per request, ms (default 10 s). */
  timeoutMs?: number;
}

export interface LoadResult {
  latenciesMs: number[];
  errors: number;
  /** Answers marked `x-oig-busy`: turned away, not in `latenciesMs`. */
  busy: number;
  /** How long those "busy" answers took (reported beside the figure, never in it). */
  busyLatenciesMs: number[];
  statuses: Record<string, number>;
  elapsedMs: number;
  requestsPerSecond: number;
}

function once(agent: Agent, base: URL, req: LoadRequest, timeoutMs: number): Promise<{ status: number; ms: number; busy: boolean }> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    let busy = false;
    const finish = (status: number) => resolve({ status, ms: Number(process.hrtime.bigint() - started) / 1e6, busy });
    const r = request(
      { agent, host: base.hostname, port: base.port, method: "POST", path: req.path, headers: { ...req.headers, "content-length": String(Buffer.byteLength(req.body)) }, timeout: timeoutMs },
      (res) => {
        busy = res.headers["x-oig-busy"] !== undefined;
        res.on("data", () => undefined);
        res.on("end", () => finish(res.statusCode ?? 0));
        res.on("error", () => finish(0));
      },
    );
    r.on("timeout", () => r.destroy(new Error("timeout")));
    r.on("error", () => finish(0));
    r.end(req.body);
  });
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const base = new URL(options.url);
  const ok = options.ok ?? ((s: number) => s === 200);
  const latenciesMs: number[] = [];
  const busyLatenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let busy = 0;
  const started = Date.now();
  const deadline = started + options.durationMs;
  const worker = async (): Promise<void> => {
    while (Date.now() < deadline) {
      const answer = await once(agent, base, options.next(), options.timeoutMs ?? 10_000);
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      if (answer.busy) {
        busy++;
        busyLatenciesMs.push(answer.ms);
      } else if (ok(answer.status)) latenciesMs.push(answer.ms);
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsedMs = Date.now() - started;
  agent.destroy();
  return { latenciesMs, errors, busy, busyLatenciesMs, statuses, elapsedMs, requestsPerSecond: (latenciesMs.length + errors + busy) / (elapsedMs / 1000) };
}

export interface FixedRateOptions extends Omit<LoadOptions, "concurrency"> {
  ratePerSecond: number;
}

/**
 * Open-loop load: requests start on a fixed schedule whatever the answers
 * do; latency counts from the scheduled start, so a stalled server is not
 * hidden by fewer requests (no coordinated omission).
 */
export async function runFixedRate(options: FixedRateOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const base = new URL(options.url);
  const ok = options.ok ?? ((s: number) => s === 200);
  const latenciesMs: number[] = [];
  const busyLatenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let busy = 0;
  const total = Math.floor((options.durationMs / 1000) * options.ratePerSecond);
  const intervalMs = 1000 / options.ratePerSecond;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const scheduled = started + i * intervalMs;
    const wait = scheduled - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      once(agent, base, options.next(), options.timeoutMs ?? 10_000).then((answer) => {
        const ms = performance.now() - scheduled;
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        if (answer.busy) {
          busy++;
          busyLatenciesMs.push(ms);
        } else if (ok(answer.status)) latenciesMs.push(ms);
        else errors++;
      }),
    );
  }
  await Promise.all(inFlight);
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { latenciesMs, errors, busy, busyLatenciesMs, statuses, elapsedMs, requestsPerSecond: (latenciesMs.length + errors + busy) / (elapsedMs / 1000) };
}
