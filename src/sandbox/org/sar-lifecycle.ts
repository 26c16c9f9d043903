/**
 * A SAR's status is derived when it is read, from the injected clock: no
 * timers run in the sandbox. PENDING until the activation delay has passed,
 * then ACTIVE until closed (by `CLOSE_REVIEW` or by reaching its end time);
 * ERROR when a test forces it.
 */
import type { SarRecord, SarStatus, SarView } from "./types.js";

/** The review as it stands at `now`. */
export function sarViewAt(record: SarRecord, now: Date, activationDelayMs: number): SarView {
  const view = structuredClone(record);
  const at = now.getTime();
  const activation = Date.parse(record.created) + activationDelayMs;
  const end = Date.parse(record.endTime);
  let status: SarStatus;
  let changed: number | undefined;
  if (record.errorAt !== undefined) {
    status = "ERROR";
  } else if (record.closedAt !== undefined) {
    status = "CLOSED";
  } else if (at >= end) {
    status = "CLOSED";
    changed = end;
  } else if (at >= activation) {
    status = "ACTIVE";
    changed = activation;
  } else {
    status = "PENDING";
  }
  // A transition the clock made (not a caller) still moves lastUpdated, so watchers see it.
  if (changed !== undefined && changed > Date.parse(record.lastUpdated)) {
    view.lastUpdated = new Date(changed).toISOString();
  }
  return { ...view, status };
}
