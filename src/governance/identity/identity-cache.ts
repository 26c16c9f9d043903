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

/** Typed reads and writes of the identity cache. */
export class IdentityCache {
  constructor(
    private readonly store: GovernanceStore,
    private readonly ttlMs: number,
  ) {}

  async getMapping(key: string): Promise<CachedMapping | undefined> {
    const value = await this.store.getCached(key);
    if (!isObject(value) || typeof value.oktaUserId !== "string" || !isOktaUserId(value.oktaUserId)) return undefined;
    return { oktaUserId: value.oktaUserId };
  }

  async putMapping(key: string, oktaUserId: OktaUserId): Promise<void> {
    await this.store.putCached(key, { oktaUserId }, { ttlMs: this.ttlMs });
  }

  async getUser(id: OktaUserId): Promise<OktaUser | undefined> {
    const user = decodeUser(await this.store.getCached(cacheKeys.user(id)));
    return user?.id === id ? user : undefined;
  }

  async putUser(user: OktaUser): Promise<void> {
    await this.store.putCached(cacheKeys.user(user.id), toJson(trimUser(user)), { ttlMs: this.ttlMs });
  }

  async getAccess(id: OktaUserId): Promise<CachedAccess | undefined> {
    const value = await this.store.getCached(cacheKeys.access(id));
    if (!isObject(value)) return undefined;
    const groups = decodeAll(value.groups, decodeGroup);
    const adminRoles = decodeAll(value.adminRoles, decodeRole);
    return groups && adminRoles ? { groups, adminRoles } : undefined;
  }

  async putAccess(id: OktaUserId, access: CachedAccess): Promise<void> {
    await this.store.putCached(cacheKeys.access(id), toJson(access), { ttlMs: this.ttlMs });
  }

  async delete(...keys: string[]): Promise<void> {
    for (const key of keys) await this.store.deleteCached(key);
  }
}
