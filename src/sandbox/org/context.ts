/** What every part of the org shares: the injected clock and id generator. */
import type { IdGenerator } from "./ids.js";

export interface OrgContext {
  clock: () => Date;
  /** The clock's current time as an ISO 8601 string. */
  now: () => string;
  ids: IdGenerator;
}
