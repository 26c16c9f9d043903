/**
 * Identity links in memory. Every command reads its person's link (an
 * admin's explicit chat user -> Okta user mapping, usually absent), so the
 * store answers that read from memory while it can trust memory to be
 * current, and from the database otherwise.
 *
 * Trusting memory needs to hear of every change, also one made by another
 * replica or by hand in SQL: a trigger on `identity_links` (migration 006)
 * sends `NOTIFY oig_identity_links` with the changed chat user, and
 * `followIdentityLinkChanges` listens on a connection of its own. While
 * that connection is down the cache is off (every read goes to the
 * database) and it starts empty once it is up again, so a change made
 * meanwhile is never missed. On PGlite one process owns the database (the
 * folder lock), so the store's own writes are every change there is.
 *
 * A read fills memory only when no change arrived while it ran: a value
 * read just before another replica's commit, whose notice came in while
 * the read was on its way back, is not kept. Entries also expire after
 * `ttlMs` (a minute), a bound on staleness should a notice ever be lost
 * without the connection failing.
 */
import type { Logger } from "pino";
import type { ChatUserKey, IdentityLink } from "../../governance/store.js";
import type { SqlListener } from "./sql.js";

/** The channel the trigger of migration 006 notifies. */
export const IDENTITY_LINKS_CHANNEL = "oig_identity_links";

export interface IdentityLinkCacheOptions {
  /** Milliseconds now, for expiry. */
  nowMs: () => number;
  /** How long an entry is trusted at most (default 60 s). */
  ttlMs?: number;
  /** At most this many chat users; the oldest entry goes first (default 10 000). */
  maxEntries?: number;
  /** On from the start: the store's own writes are every change (PGlite). Otherwise off until `listening(true)`. */
  on?: boolean;
}

interface Entry {
  link: IdentityLink | null;
  expiresAtMs: number;
}

const keyOf = (key: ChatUserKey): string => JSON.stringify([key.platform, key.tenantId, key.chatUserId]);

function copy(link: IdentityLink | null): IdentityLink | null {
  return link === null ? null : { ...link, linkedBy: { ...link.linkedBy }, linkedAt: new Date(link.linkedAt.getTime()) };
}

export class IdentityLinkCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private on: boolean;
  /** Bumped by every change heard and every switch on or off: a read fills memory only if it did not move meanwhile. */
  private generation = 0;
  private hits = 0;
  private misses = 0;

  constructor(private readonly options: IdentityLinkCacheOptions) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    if (!(this.ttlMs > 0)) throw new Error("ttlMs must be positive");
    if (!Number.isInteger(this.maxEntries) || this.maxEntries <= 0) throw new Error("maxEntries must be a positive integer");
    this.on = options.on === true;
  }

  /** The link of `key`: from memory when it holds a current one, else from `load` (the database). */
  async read(key: ChatUserKey, load: () => Promise<IdentityLink | null>): Promise<IdentityLink | null> {
    const id = keyOf(key);
    if (this.on) {
      const entry = this.entries.get(id);
      if (entry !== undefined && entry.expiresAtMs > this.options.nowMs()) {
        this.hits++;
        return copy(entry.link);
      }
      if (entry !== undefined) this.entries.delete(id);
    }
    this.misses++;
    const before = this.generation;
    const link = await load();
    if (this.on && this.generation === before) {
      this.entries.delete(id);
      this.entries.set(id, { link: copy(link), expiresAtMs: this.options.nowMs() + this.ttlMs });
      while (this.entries.size > this.maxEntries) {
        const oldest = this.entries.keys().next();
        if (oldest.done === true) break;
        this.entries.delete(oldest.value);
      }
    }
    return link;
  }

  /** The link of `key` changed (or is about to): forget it, and keep no read that was under way. */
  changed(key: ChatUserKey): void {
    this.generation++;
    this.entries.delete(keyOf(key));
  }

  /** Anything may have changed: forget everything. */
  changedAll(): void {
    this.generation++;
    this.entries.clear();
  }

  /** Whether changes are being heard: off empties the cache and sends every read to the database; on starts empty. */
  listening(up: boolean): void {
    this.changedAll();
    this.on = up;
  }

  /** A notice's payload (`[platform, tenant_id, chat_user_id]` or `*`); anything else forgets everything. */
  notified(payload: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      parsed = undefined;
    }
    if (Array.isArray(parsed) && parsed.length === 3 && parsed.every((part) => typeof part === "string")) {
      const [platform, tenantId, chatUserId] = parsed as [ChatUserKey["platform"], string, string];
      this.changed({ platform, tenantId, chatUserId });
    } else this.changedAll();
  }

  get stats(): { on: boolean; entries: number; hits: number; misses: number } {
    return { on: this.on, entries: this.entries.size, hits: this.hits, misses: this.misses };
  }
}

/**
 * Keeps `cache` in step with `identity_links` over `listen` (a connection of
 * its own): on while the listener is up, off while it is down. Returns the
 * function that stops listening.
 */
export function followIdentityLinkChanges(listen: (channel: string, handlers: SqlListener) => () => Promise<void>, cache: IdentityLinkCache, logger: Logger): () => Promise<void> {
  let wasUp: boolean | undefined;
  return listen(IDENTITY_LINKS_CHANNEL, {
    notification: (payload) => cache.notified(payload),
    state: (up, error) => {
      cache.listening(up);
      if (up && wasUp === false) logger.info("identity links: listening for changes again; read from memory once more");
      if (!up && wasUp !== false) {
        logger.warn(
          { err: error },
          "identity links: lost the connection that hears of their changes; every command reads its link from the database until it is back",
        );
      }
      wasUp = up;
    },
  });
}
