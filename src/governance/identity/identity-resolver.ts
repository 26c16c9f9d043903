/**
 * Maps chat users to exactly one Okta user (PRODUCT.md section 3): an
 * admin's explicit link first, else the chat profile's email matched against
 * an Okta profile attribute. Mappings, users, groups and admin roles are
 * cached so a warm resolve makes no Okta call.
 */
import type { Logger } from "pino";
import type { ChatUserRef } from "../actor.js";
import { createAuditRecorder, type AuditRecorder } from "../audit/index.js";
import type { OktaUser } from "../okta/types.js";
import type { CallOptions, Clock, OktaGovernance } from "../ports.js";
import { rolesFor, type Policy } from "../policy/index.js";
import type { GovernanceStore } from "../store.js";
import { authorizeWith } from "./authorize.js";
import { CachedDirectory, type LookupOptions } from "./cached-directory.js";
import { cacheKeys, IdentityCache } from "./identity-cache.js";
import * as errors from "./identity-errors.js";
import type { Subject } from "./identity-errors.js";
import { classifyName } from "./names.js";
import { resolveName } from "./resolve-name.js";
import type { IdentityResolver, ResolvedActor, TargetInput } from "./types.js";

export const DEFAULT_IDENTITY_CACHE_TTL_MS = 5 * 60_000;

export interface IdentityResolverOptions {
  okta: OktaGovernance;
  store: GovernanceStore;
  policy: Policy;
  clock: Clock;
  logger: Logger;
  /** How long mappings, users, groups and roles are cached (PRODUCT default 5 min). */
  cacheTtlMs: number;
  /** The Okta profile attribute a chat email is matched against, e.g. `profile.email` or `profile.login`. */
  matchAttribute: string;
  /** Where decisions are audited; default a recorder over `store`. */
  audit?: AuditRecorder;
  /**
   * Answer what this process cached from memory, in front of the store's
   * cache, until the same expiry (default off). Off, every cached lookup
   * is a store read, so a test or tool that empties the store's cache sees
   * a cold resolve.
   */
  memoryCache?: boolean | { maxEntries?: number };
}

const ATTRIBUTE = /^(?:profile\.)?[A-Za-z][A-Za-z0-9_]*$/;

/** `email` and `profile.email` name the same attribute; one spelling keeps cache keys and searches equal. */
function profileAttribute(name: string): string {
  if (!ATTRIBUTE.test(name)) throw new Error(`Not an Okta profile attribute name: ${JSON.stringify(name)}`);
  return name.startsWith("profile.") ? name : `profile.${name}`;
}

/** Builds the identity resolver; throws at once on a bad attribute name or TTL. */
export function createIdentityResolver(options: IdentityResolverOptions): IdentityResolver {
  const { okta, store, policy, clock, logger } = options;
  if (!Number.isFinite(options.cacheTtlMs) || options.cacheTtlMs <= 0) throw new Error("cacheTtlMs must be a positive number");
  const matchAttribute = profileAttribute(options.matchAttribute);
  // A typed email is tried against the configured attribute, then email and login.
  const typedEmailAttributes = [...new Set([matchAttribute, "profile.email", "profile.login"])];
  const memory = options.memoryCache === undefined || options.memoryCache === false ? undefined : options.memoryCache === true ? {} : options.memoryCache;
  const cache = new IdentityCache(store, options.cacheTtlMs, memory && { nowMs: () => clock.now().getTime(), ...memory });
  const directory = new CachedDirectory(okta, cache);
  const audit = options.audit ?? createAuditRecorder({ store, logger });

  const lookup = (fresh: boolean | undefined, correlationId: string | undefined): LookupOptions => {
    const call: CallOptions = { priority: "interactive" };
    if (correlationId !== undefined) call.correlationId = correlationId;
    return { fresh: fresh === true, call };
  };

  /** The chat user's Okta user, of any status; `via` says how it was found. */
  async function mapChatUser(user: ChatUserRef, subject: Subject, opts: LookupOptions, emailOf: () => Promise<string | undefined>): Promise<{ user: OktaUser; via: ResolvedActor["via"] }> {
    const link = await store.getIdentityLink({ platform: user.platform, tenantId: user.tenantId, chatUserId: user.userId });
    if (link !== null) {
      const linked = await directory.userById(link.oktaUserId, opts);
      if (linked === undefined) throw errors.staleLink(link.oktaUserId);
      return { user: linked, via: "link" };
    }
    const key = cacheKeys.chatUser(user);
    // The mapping itself is kept even when `fresh`: the user behind it is refetched.
    const mapped = await cache.getMapping(key);
    if (mapped !== undefined) {
      const known = await directory.userById(mapped.oktaUserId, opts);
      if (known !== undefined) return { user: known, via: "attribute" };
    }
    const email = (await emailOf())?.trim();
    if (email === undefined || email === "") {
      throw subject === "actor" ? errors.noEmailForActor(user.platform) : errors.noEmailForChatUser(subject, user.displayName);
    }
    const found = await resolveName({ kind: "email", email }, subject, { directory, opts, emailAttributes: [matchAttribute], typed: false });
    await cache.putMapping(key, found.id);
    logger.debug(
      { platform: user.platform, chatUserId: user.userId, oktaUserId: found.id, correlationId: opts.call.correlationId },
      "chat user mapped to an Okta user by email",
    );
    return { user: found, via: "attribute" };
  }

  /** A target or reviewer of any status. */
  async function findPerson(input: TargetInput, subject: "target" | "reviewer", opts: LookupOptions): Promise<OktaUser> {
    if (input.kind === "chat-user") return (await mapChatUser(input.user, subject, opts, async () => input.email)).user;
    return resolveName(input, subject, { directory, opts, emailAttributes: typedEmailAttributes, typed: true });
  }

  const resolver: IdentityResolver = {
    async resolveActor(actor, resolveOptions) {
      const opts = lookup(resolveOptions?.fresh, resolveOptions?.correlationId ?? actor.correlationId);
      // The caller's email is looked up lazily: most actions find a link or a cached mapping first.
      const { user, via } = await mapChatUser(actor, "actor", opts, async () => actor.lookupEmail?.());
      if (user.status !== "ACTIVE") throw errors.inactive("actor", user);
      const { groups, adminRoles } = await directory.access(user.id, opts);
      const subject = { user, groups, adminRoles };
      return { actor, user, subject, grants: rolesFor(policy, subject), via };
    },

    async resolveTarget(target, resolveOptions) {
      const user = await findPerson(target, "target", lookup(resolveOptions?.fresh, resolveOptions?.correlationId));
      if (user.status === "DEPROVISIONED") throw errors.inactive("target", user);
      return user;
    },

    async resolveReviewer(nameOrId, resolveOptions) {
      const opts = lookup(resolveOptions?.fresh, resolveOptions?.correlationId);
      const input = typeof nameOrId === "string" ? typedReviewer(nameOrId) : nameOrId;
      const user = await findPerson(input, "reviewer", opts);
      if (user.status !== "ACTIVE") throw errors.inactive("reviewer", user);
      return user;
    },

    authorize: (actor, action, resolveOptions) =>
      authorizeWith({ resolver, policy, audit, clock }, actor, action, resolveOptions),

    clearMemory() {
      cache.clearMemory();
    },

    async forget(user) {
      const key = cacheKeys.chatUser(user);
      const [mapped, link] = await Promise.all([
        cache.getMapping(key),
        store.getIdentityLink({ platform: user.platform, tenantId: user.tenantId, chatUserId: user.userId }),
      ]);
      const ids = [...new Set([mapped?.oktaUserId, link?.oktaUserId].filter((id) => id !== undefined))];
      await cache.delete(key, ...ids.flatMap((id) => [cacheKeys.user(id), cacheKeys.access(id)]));
    },
  };
  return resolver;
}

function typedReviewer(text: string): TargetInput {
  const named = classifyName(text);
  if (named === null) throw errors.invalidName("reviewer", text, "an Okta login, email or 00u... id");
  return named;
}
