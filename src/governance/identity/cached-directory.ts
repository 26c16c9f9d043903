/**
 * Okta lookups behind the identity cache: a user by id or login, users by
 * profile attribute, and a user's groups and admin roles. A warm lookup
 * makes no Okta call; `fresh` skips cached values (and refreshes them).
 */
import { OktaNotFound } from "../okta/errors.js";
import type { OktaUser, OktaUserId } from "../okta/types.js";
import type { CallOptions, OktaGovernance } from "../ports.js";
import { cacheKeys, trimGroup, trimUser, type CachedAccess, type IdentityCache } from "./identity-cache.js";

/** What a search found: one usable user, several, or none (with any deprovisioned ones seen). */
export type AttributeMatch =
  | { kind: "one"; user: OktaUser }
  | { kind: "many"; users: OktaUser[] }
  | { kind: "none"; deprovisioned: OktaUser[] };

export interface LookupOptions {
  fresh: boolean;
  call: CallOptions;
}

export class CachedDirectory {
  constructor(
    private readonly okta: OktaGovernance,
    private readonly cache: IdentityCache,
  ) {}

  /** The user, or undefined when Okta has no such id. */
  async userById(id: OktaUserId, opts: LookupOptions): Promise<OktaUser | undefined> {
    if (!opts.fresh) {
      const cached = await this.cache.getUser(id);
      if (cached !== undefined) return cached;
    }
    return this.fetchUser(id, opts.call);
  }

  /** The user with this login, or undefined when Okta has none. */
  async userByLogin(login: string, opts: LookupOptions): Promise<OktaUser | undefined> {
    const key = cacheKeys.byLogin(login);
    if (!opts.fresh) {
      const mapped = await this.cache.getMapping(key);
      const cached = mapped && (await this.cache.getUser(mapped.oktaUserId));
      if (cached) return cached;
    }
    const user = login.includes("/")
      ? // Okta's getUser cannot take a '/' in the path; an exact login search can.
        await this.searchOne("profile.login", login, opts.call)
      : await this.fetchUser(login, opts.call);
    if (user !== undefined) await this.cache.putMapping(key, user.id);
    return user;
  }

  /**
   * Searches each attribute in turn until one yields a user that is not
   * DEPROVISIONED (Okta's `search` returns those too); only a single usable
   * match is cached.
   */
  async usersByAttributes(attributes: readonly string[], value: string, opts: LookupOptions): Promise<AttributeMatch> {
    const key = cacheKeys.byAttribute(attributes.join("|"), value);
    if (!opts.fresh) {
      const mapped = await this.cache.getMapping(key);
      const cached = mapped && (await this.cache.getUser(mapped.oktaUserId));
      if (cached) return { kind: "one", user: cached };
    }
    const seen = new Map<string, OktaUser>();
    let usable: OktaUser[] = [];
    for (const attribute of attributes) {
      const found = await this.okta.findUsersByProfileAttribute(attribute, value, opts.call);
      for (const user of found) if (!seen.has(user.id)) seen.set(user.id, trimUser(user));
      usable = [...seen.values()].filter((u) => u.status !== "DEPROVISIONED");
      if (usable.length > 0) break;
    }
    const [only, ...more] = usable;
    if (only === undefined) return { kind: "none", deprovisioned: [...seen.values()] };
    if (more.length > 0) return { kind: "many", users: usable };
    await this.cache.putUser(only);
    await this.cache.putMapping(key, only.id);
    return { kind: "one", user: only };
  }

  /** The user's groups and admin roles. */
  async access(id: OktaUserId, opts: LookupOptions): Promise<CachedAccess> {
    if (!opts.fresh) {
      const cached = await this.cache.getAccess(id);
      if (cached !== undefined) return cached;
    }
    const [groups, adminRoles] = await Promise.all([
      this.okta.listUserGroups(id, opts.call),
      this.okta.listUserAdminRoles(id, opts.call),
    ]);
    const access = { groups: groups.map(trimGroup), adminRoles };
    await this.cache.putAccess(id, access);
    return access;
  }

  private async fetchUser(idOrLogin: string, call: CallOptions): Promise<OktaUser | undefined> {
    try {
      const user = trimUser(await this.okta.getUser(idOrLogin, call));
      await this.cache.putUser(user);
      return user;
    } catch (err) {
      if (err instanceof OktaNotFound) return undefined;
      throw err;
    }
  }

  private async searchOne(attribute: string, value: string, call: CallOptions): Promise<OktaUser | undefined> {
    const found = await this.okta.findUsersByProfileAttribute(attribute, value, call);
    if (found.length !== 1 || found[0] === undefined) return undefined;
    const user = trimUser(found[0]);
    await this.cache.putUser(user);
    return user;
  }
}
