/** The record of every API call the sandbox answered; tests and benchmarks count Okta calls with it. */
import type { SandboxClock } from "./clock.js";

export interface CallRecord {
  /** The spec's operationId; absent for paths the sandbox does not serve. */
  operationId?: string;
  method: string;
  path: string;
  status: number;
  /** OAuth client id, `ssws`, or `anonymous`. */
  caller: string;
  bucket?: string;
  /** ISO time on the sandbox clock when the answer was sent. */
  time: string;
}

export interface CallFilter {
  operationId?: string;
  status?: number;
  caller?: string;
}

export interface CallLog {
  record(call: Omit<CallRecord, "time">): void;
  list(filter?: CallFilter): CallRecord[];
  count(filter?: CallFilter): number;
  clear(): void;
}

/** An in-memory call log; the oldest records drop out past `capacity`. */
export function createCallLog(options: { clock: SandboxClock; capacity?: number }): CallLog {
  const capacity = options.capacity ?? 100_000;
  let calls: CallRecord[] = [];
  const matches = (call: CallRecord, filter: CallFilter = {}) =>
    (filter.operationId === undefined || call.operationId === filter.operationId) &&
    (filter.status === undefined || call.status === filter.status) &&
    (filter.caller === undefined || call.caller === filter.caller);
  return {
    record(call) {
      calls.push({ ...call, time: options.clock.now().toISOString() });
      if (calls.length > capacity) calls = calls.slice(calls.length - capacity);
    },
    list: (filter) => calls.filter((call) => matches(call, filter)),
    count: (filter) => calls.filter((call) => matches(call, filter)).length,
    clear() {
      calls = [];
    },
  };
}
