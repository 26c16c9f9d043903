/**
 * Fault injection for tests and benchmarks: latency, 5xx error rates, outage
 * windows, 429 storms and hanging calls, each optionally scoped to a
 * rate-limit bucket or an operationId. Settable at run time.
 */
import type { SandboxClock } from "./clock.js";

export interface FaultScope {
  /** Only calls in this rate-limit bucket. */
  bucket?: string;
  /** Only calls to this operation. */
  operationId?: string;
}

export type ErrorStatus = 500 | 502 | 503 | 504;

export type FaultSpec =
  | { kind: "latency"; ms: number }
  /** `seed` makes the sequence of failures repeatable. */
  | { kind: "error-rate"; rate: number; status?: ErrorStatus; seed?: number }
  | { kind: "outage"; until: Date }
  | { kind: "rate-limit-storm"; until: Date }
  | { kind: "hang" };

export type FaultRule = FaultSpec & FaultScope;
export type ActiveFault = FaultRule & { id: string };

/** What the server does with a call before it reaches its handler. */
export interface FaultPlan {
  hang: boolean;
  latencyMs: number;
  outageUntil?: Date;
  stormUntil?: Date;
}

export interface FaultTarget {
  bucket: string;
  operationId?: string;
}

export interface Faults {
  /** Adds a rule and returns its id. */
  add(rule: FaultRule): string;
  latency(ms: number, scope?: FaultScope): string;
  errorRate(rate: number, options?: FaultScope & { status?: ErrorStatus; seed?: number }): string;
  outage(until: Date, scope?: FaultScope): string;
  rateLimitStorm(until: Date, scope?: FaultScope): string;
  hang(scope?: FaultScope): string;
  remove(id: string): boolean;
  clear(): void;
  list(): ActiveFault[];
  /** The faults (other than error rates) that apply to a call now. */
  plan(target: FaultTarget): FaultPlan;
  /** The 5xx status to answer with, when an error-rate rule fires for this call. */
  injectedError(target: FaultTarget): ErrorStatus | undefined;
}

/** A fault registry over the injected clock; `random` serves unseeded error rates. */
export function createFaults(options: { clock: SandboxClock; random?: () => number }): Faults {
  const random = options.random ?? Math.random;
  const rules = new Map<string, { rule: FaultRule; next: () => number }>();
  let counter = 0;

  const add = (rule: FaultRule): string => {
    validateRule(rule);
    counter += 1;
    const id = `fault-${counter}`;
    const next = rule.kind === "error-rate" && rule.seed !== undefined ? mulberry32(rule.seed) : random;
    rules.set(id, { rule: { ...rule }, next });
    return id;
  };

  const applicable = (target: FaultTarget) => {
    const now = options.clock.now().getTime();
    const out: { rule: FaultRule; next: () => number }[] = [];
    for (const [id, entry] of rules) {
      const { rule } = entry;
      if ((rule.kind === "outage" || rule.kind === "rate-limit-storm") && rule.until.getTime() <= now) {
        rules.delete(id);
        continue;
      }
      if (rule.bucket !== undefined && rule.bucket !== target.bucket) continue;
      if (rule.operationId !== undefined && rule.operationId !== target.operationId) continue;
      out.push(entry);
    }
    return out;
  };

  return {
    add,
    latency: (ms, scope = {}) => add({ kind: "latency", ms, ...scope }),
    errorRate: (rate, opts = {}) => add({ kind: "error-rate", rate, ...opts }),
    outage: (until, scope = {}) => add({ kind: "outage", until, ...scope }),
    rateLimitStorm: (until, scope = {}) => add({ kind: "rate-limit-storm", until, ...scope }),
    hang: (scope = {}) => add({ kind: "hang", ...scope }),
    remove: (id) => rules.delete(id),
    clear: () => rules.clear(),
    list: () => [...rules].map(([id, { rule }]) => ({ ...rule, id })),
    plan(target) {
      const plan: FaultPlan = { hang: false, latencyMs: 0 };
      for (const { rule } of applicable(target)) {
        if (rule.kind === "hang") plan.hang = true;
        if (rule.kind === "latency") plan.latencyMs = Math.max(plan.latencyMs, rule.ms);
        if (rule.kind === "outage") plan.outageUntil = later(plan.outageUntil, rule.until);
        if (rule.kind === "rate-limit-storm") plan.stormUntil = later(plan.stormUntil, rule.until);
      }
      return plan;
    },
    injectedError(target) {
      let status: ErrorStatus | undefined;
      for (const { rule, next } of applicable(target)) {
        // Every error-rate rule draws, so a seeded sequence does not depend on other rules.
        if (rule.kind === "error-rate" && next() < rule.rate) status ??= rule.status ?? 500;
      }
      return status;
    },
  };
}

/** Reads a fault rule sent as JSON (control API); `forMs` is relative to `now`. */
export function parseFaultRule(input: unknown, now: Date): FaultRule {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new RangeError("a fault rule must be a JSON object");
  }
  const raw = input as Record<string, unknown>;
  const scope: FaultScope = {};
  if (raw.bucket !== undefined) scope.bucket = requireString(raw.bucket, "bucket");
  if (raw.operationId !== undefined) scope.operationId = requireString(raw.operationId, "operationId");
  switch (raw.kind) {
    case "latency":
      return { kind: "latency", ms: requireNumber(raw.ms, "ms"), ...scope };
    case "error-rate": {
      const rule: FaultRule = { kind: "error-rate", rate: requireNumber(raw.rate, "rate"), ...scope };
      if (raw.status !== undefined) rule.status = requireNumber(raw.status, "status") as ErrorStatus;
      if (raw.seed !== undefined) rule.seed = requireNumber(raw.seed, "seed");
      return rule;
    }
    case "outage":
    case "rate-limit-storm":
      return { kind: raw.kind, until: readUntil(raw, now), ...scope };
    case "hang":
      return { kind: "hang", ...scope };
    default:
      throw new RangeError('fault "kind" must be one of latency, error-rate, outage, rate-limit-storm, hang');
  }
}

function readUntil(raw: Record<string, unknown>, now: Date): Date {
  if (raw.forMs !== undefined) return new Date(now.getTime() + requireNumber(raw.forMs, "forMs"));
  if (typeof raw.until === "number" || typeof raw.until === "string") {
    const until = new Date(raw.until);
    if (!Number.isNaN(until.getTime())) return until;
  }
  throw new RangeError('an outage or storm needs "until" (ISO time or epoch ms) or "forMs"');
}

function validateRule(rule: FaultRule): void {
  if (rule.kind === "latency" && !(Number.isFinite(rule.ms) && rule.ms >= 0)) {
    throw new RangeError("latency ms must be a number >= 0");
  }
  if (rule.kind === "error-rate") {
    if (!(rule.rate >= 0 && rule.rate <= 1)) throw new RangeError("error rate must be between 0 and 1");
    if (rule.status !== undefined && ![500, 502, 503, 504].includes(rule.status)) {
      throw new RangeError("error-rate status must be 500, 502, 503 or 504");
    }
    if (rule.seed !== undefined && !Number.isInteger(rule.seed)) throw new RangeError("seed must be an integer");
  }
  if ((rule.kind === "outage" || rule.kind === "rate-limit-storm") && Number.isNaN(rule.until.getTime())) {
    throw new RangeError(`${rule.kind} needs a valid "until" time`);
  }
}

function requireString(value: unknown, name: string): string {
  if (typeof value !== "string" || value === "") throw new RangeError(`"${name}" must be a non-empty string`);
  return value;
}

function requireNumber(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new RangeError(`"${name}" must be a number`);
  return value;
}

function later(a: Date | undefined, b: Date): Date {
  return a && a.getTime() > b.getTime() ? a : b;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same sequence. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
