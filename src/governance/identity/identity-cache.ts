/**
 * The identity cache over the store's JSON cache: which Okta user a chat
 * user or a typed name maps to, and each Okta user's profile, groups and
 * admin roles. Values are checked when read, so a stale or foreign entry is
 * a miss (and refetched), never a wrong identity.
 */
import type { ChatUserRef } from "../actor.js";
import type { OktaGroup, OktaGroupId, OktaRoleAssignment, OktaUser, OktaUserId, OktaUserStatus } from "../okta/types.js";
import type { GovernanceStore, JsonValue } from "../store.js";
import { isOktaUserId } from "./names.js";

const PREFIX = "identity:v1";

const STATUSES: readonly OktaUserStatus[] = [
  "STAGED",
  "PROVISIONED",
  "ACTIVE",
  "RECOVERY",
  "PASSWORD_EXPIRED",
  "LOCKED_OUT",
  "SUSPENDED",
  "DEPROVISIONED",
];

/** How a chat user or name was mapped, as cached. */
export interface CachedMapping {
  oktaUserId: OktaUserId;
}

/** An Okta user's groups and admin roles, as cached. */
export interface CachedAccess {
  groups: OktaGroup[];
  adminRoles: OktaRoleAssignment[];
}

// Components may contain ':' (Teams ids are `29:...`), so each is encoded.
const part = (value: string) => encodeURIComponent(value);

/** Cache keys; every chat key carries platform and tenant so workspaces never share entries. */
export const cacheKeys = {
  chatUser: (user: Pick<ChatUserRef, "platform" | "tenantId" | "userId">) =>
    `${PREFIX}:chat:${part(user.platform)}:${part(user.tenantId)}:${part(user.userId)}`,
  byAttribute: (attribute: string, value: string) => `${PREFIX}:attr:${part(attribute)}:${part(value.toLowerCase())}`,
  byLogin: (login: string) => `${PREFIX}:login:${part(login.toLowerCase())}`,
  user: (id: OktaUserId) => `${PREFIX}:user:${part(id)}`,
  access: (id: OktaUserId) => `${PREFIX}:access:${part(id)}`,
};

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The fields of a user the bot keeps (Okta's `_links`, credentials and the like are dropped). */
export function trimUser(user: OktaUser): OktaUser {
  return { id: user.id, status: user.status, profile: { ...user.profile } };
}

/** The fields of a group the bot keeps. */
export function trimGroup(group: OktaGroup): OktaGroup {
  const profile: OktaGroup["profile"] = { name: group.profile.name };
  if (typeof group.profile.description === "string") profile.description = group.profile.description;
  return { id: group.id, profile };
}

function decodeUser(value: unknown): OktaUser | undefined {
  if (!isObject(value) || !isObject(value.profile)) return undefined;
  const { id, status, profile } = value;
  if (typeof id !== "string" || !isOktaUserId(id)) return undefined;
  if (typeof status !== "string" || !(STATUSES as readonly string[]).includes(status)) return undefined;
  if (typeof profile.login !== "string") return undefined;
  return { id, status: status as OktaUserStatus, profile: profile as OktaUser["profile"] };
}

function decodeGroup(value: unknown): OktaGroup | undefined {
  if (!isObject(value) || !isObject(value.profile) || typeof value.id !== "string") return undefined;
  const name = value.profile.name;
  if (typeof name !== "string") return undefined;
  const description = value.profile.description;
  return {
    id: value.id as OktaGroupId,
    profile: typeof description === "string" ? { name, description } : { name },
  };
}

function decodeRole(value: unknown): OktaRoleAssignment | undefined {
  if (!isObject(value) || typeof value.id !== "string" || typeof value.type !== "string") return undefined;
  const out: OktaRoleAssignment = { id: value.id, type: value.type };
  for (const field of ["label", "status", "role"] as const) {
    const v = value[field];
    if (typeof v === "string") out[field] = v;
  }
  return out;
}

function decodeAll<T>(value: unknown, decode: (v: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: T[] = [];
  for (const item of value) {
    const decoded = decode(item);
    if (decoded === undefined) return undefined;
    out.push(decoded);
  }
  return out;
}

const toJson = (value: unknown): JsonValue => JSON.parse(JSON.stringify(value)) as JsonValue;

/** What the in-process layer keeps of one entry: the JSON text (parsed anew on each read) and when it expires. */
interface MemoryEntry {
  json: string;
  expiresAtMs: number;
}

export interface MemoryLayerOptions {
  /** The clock the store judges expiry by (the same one: an entry expires in memory exactly when it does in the store). */
  nowMs: () => number;
  /** At most this many entries; the oldest written goes first (default 10 000). */
  maxEntries?: number;
}

export const DEFAULT_MEMORY_MAX_ENTRIES = 10_000;

/**
 * The identity cache's values in this process, in front of the store's
 * cache: an entry written here, or read from the store, is answered from
 * memory until the expiry the store gave it, so a warm lookup costs no
 * database round trip (also after a restart, or for what another replica
 * wrote). A delete removes it here and in the store. Like the store's
 * cache it is per process for what other replicas change (docs/replicas.md).
 */
class MemoryLayer {
  private readonly entries = new Map<string, MemoryEntry>();
  private readonly maxEntries: number;

  constructor(private readonly options: MemoryLayerOptions) {
    this.maxEntries = options.maxEntries ?? DEFAULT_MEMORY_MAX_ENTRIES;
    if (!Number.isInteger(this.maxEntries) || this.maxEntries <= 0) throw new Error("maxEntries must be a positive integer");
  }

  /** The cached value, or undefined when there is none or it expired (then it is dropped). */
  get(key: string): { value: unknown } | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    // The store keeps an entry while `expires_at > now`; the same rule here.
    if (!(entry.expiresAtMs > this.options.nowMs())) {
      this.entries.delete(key);
      return undefined;
    }
    return { value: JSON.parse(entry.json) as unknown };
  }

  set(key: string, value: JsonValue, ttlMs: number, writtenAtMs: number): void {
    this.setUntil(key, value, writtenAtMs + ttlMs);
  }

  /** Holds `value` until `expiresAtMs` (the store's own expiry of the entry it was read from). */
  setUntil(key: string, value: JsonValue, expiresAtMs: number): void {
    this.entries.delete(key);
    this.entries.set(key, { json: JSON.stringify(value), expiresAtMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Typed reads and writes of the identity cache. */
export class IdentityCache {
  private readonly memory: MemoryLayer | undefined;
  private readonly nowMs: (() => number) | undefined;
  /** The newest write in flight per key: only it may fill memory, and a delete meanwhile cancels it. */
  private readonly writing = new Map<string, object>();
  /** Bumped by every write and delete of a key: a store read fills memory only if none happened while it ran. */
  private readonly changes = new Map<string, number>();
  /** Bumped whenever `changes` is emptied, which a read in flight must notice too. */
  private changesEpoch = 0;

  /** With `memory`, values this process wrote are answered from memory until they expire in the store too. */
  constructor(
    private readonly store: GovernanceStore,
    private readonly ttlMs: number,
    memory?: MemoryLayerOptions,
  ) {
    this.memory = memory === undefined ? undefined : new MemoryLayer(memory);
    this.nowMs = memory?.nowMs;
  }

  /** Entries held in memory (0 without the memory layer). */
  get memoryEntries(): number {
    return this.memory?.size ?? 0;
  }

  /** Empties the memory layer (the store's cache is untouched): the next reads go to the store. */
  clearMemory(): void {
    this.writing.clear();
    this.emptyChanges();
    this.memory?.clear();
  }

  private async read(key: string): Promise<unknown> {
    if (this.memory === undefined) return this.store.getCached(key);
    const held = this.memory.get(key);
    if (held !== undefined) return held.value;
    const epoch = this.changesEpoch;
    const before = this.changes.get(key) ?? 0;
    const entry = await this.store.getCachedEntry(key);
    if (entry === undefined) return undefined;
    // A write or delete of this key meanwhile may have made what was read stale: then it is answered, not kept.
    const unchanged = this.changesEpoch === epoch && (this.changes.get(key) ?? 0) === before && !this.writing.has(key);
    if (unchanged) this.memory.setUntil(key, entry.value, entry.expiresAt.getTime());
    return entry.value;
  }

  private changed(key: string): void {
    this.changes.set(key, (this.changes.get(key) ?? 0) + 1);
    // Only keys being read or written need a count; keep the map from growing without bound.
    if (this.changes.size > 10_000) this.emptyChanges();
  }

  private emptyChanges(): void {
    this.changes.clear();
    this.changesEpoch++;
  }

  private async write(key: string, value: JsonValue): Promise<void> {
    if (this.memory === undefined || this.nowMs === undefined) {
      await this.store.putCached(key, value, { ttlMs: this.ttlMs });
      return;
    }
    // Taken before the store write, so the entry never outlives the store's (judged from a later now there).
    const writtenAtMs = this.nowMs();
    this.changed(key);
    const token = {};
    this.writing.set(key, token);
    // What memory held may be stale now, and a failed store write must not leave it answering.
    this.memory.delete(key);
    try {
      await this.store.putCached(key, value, { ttlMs: this.ttlMs });
      if (this.writing.get(key) === token) this.memory.set(key, value, this.ttlMs, writtenAtMs);
    } finally {
      if (this.writing.get(key) === token) this.writing.delete(key);
    }
  }

  async getMapping(key: string): Promise<CachedMapping | undefined> {
    const value = await this.read(key);
    if (!isObject(value) || typeof value.oktaUserId !== "string" || !isOktaUserId(value.oktaUserId)) return undefined;
    return { oktaUserId: value.oktaUserId };
  }

  async putMapping(key: string, oktaUserId: OktaUserId): Promise<void> {
    await this.write(key, { oktaUserId });
  }

  async getUser(id: OktaUserId): Promise<OktaUser | undefined> {
    const user = decodeUser(await this.read(cacheKeys.user(id)));
    return user?.id === id ? user : undefined;
  }

  async putUser(user: OktaUser): Promise<void> {
    await this.write(cacheKeys.user(user.id), toJson(trimUser(user)));
  }

  async getAccess(id: OktaUserId): Promise<CachedAccess | undefined> {
    const value = await this.read(cacheKeys.access(id));
    if (!isObject(value)) return undefined;
    const groups = decodeAll(value.groups, decodeGroup);
    const adminRoles = decodeAll(value.adminRoles, decodeRole);
    return groups && adminRoles ? { groups, adminRoles } : undefined;
  }

  async putAccess(id: OktaUserId, access: CachedAccess): Promise<void> {
    await this.write(cacheKeys.access(id), toJson(access));
  }

  async delete(...keys: string[]): Promise<void> {
    for (const key of keys) {
      // A write still in flight must not put the entry back in memory after this.
      this.writing.delete(key);
      this.changed(key);
      this.memory?.delete(key);
      await this.store.deleteCached(key);
      // A read that began before the delete and ended after it must not keep the old value either.
      this.changed(key);
    }
  }
}
