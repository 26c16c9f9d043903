/**
 * Turns Okta user ids on requests into logins people recognise. Cheap by
 * design: answers are cached in the store (shared by replicas), at most a
 * few users are looked up per reply, and a failed lookup only means the
 * view shows the id.
 */
import type { Logger } from "pino";
import { isOktaUserId } from "../identity/names.js";
import { OktaError, OktaNotFound } from "../okta/errors.js";
import type { CallOptions, OktaGovernance } from "../ports.js";
import type { PersonView } from "../replies.js";
import { personOf } from "../sar/people.js";
import { peopleFromJson, peopleToJson } from "../sar/views.js";
import type { GovernanceStore } from "../store.js";

export interface PeopleLookupOptions {
  okta: OktaGovernance;
  store: GovernanceStore;
  logger: Logger;
  /** How long a login is cached (default 1 h: logins rarely change, ids never do). */
  ttlMs?: number;
  /** Users fetched from Okta per call at most; the rest are shown by id (default 10). */
  maxFetches?: number;
}

/** Okta user ids -> PersonView, for the ids it could resolve. */
export type PeopleLookup = (ids: readonly string[], opts?: CallOptions) => Promise<Map<string, PersonView>>;

const cacheKey = (id: string) => `person:${id}`;

/** Builds the cached lookup. */
export function createPeopleLookup(options: PeopleLookupOptions): PeopleLookup {
  const { okta, store, logger } = options;
  const ttlMs = options.ttlMs ?? 3_600_000;
  const maxFetches = options.maxFetches ?? 10;

  return async (ids, opts = {}) => {
    const found = new Map<string, PersonView>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      if (!isOktaUserId(id)) continue;
      const cached = peopleFromJson(await store.getCached(cacheKey(id))).get(id);
      if (cached !== undefined) found.set(id, cached);
      else missing.push(id);
    }
    for (const id of missing.slice(0, maxFetches)) {
      try {
        const person = personOf(await okta.getUser(id, opts));
        found.set(id, person);
        await store.putCached(cacheKey(id), peopleToJson([person]), { ttlMs });
      } catch (err) {
        if (!(err instanceof OktaError)) throw err;
        // The view still shows the id; say so in the log, with Okta's error id.
        if (!(err instanceof OktaNotFound)) logger.info({ ...err.toLog(), correlationId: opts.correlationId }, "login lookup failed; showing the user id");
      }
    }
    return found;
  };
}
