/**
 * Teams users' emails and AAD object ids from the conversation members
 * API (`GET /v3/conversations/{id}/members/{userId}`), cached, so mapping
 * a chat user to Okta costs one roster call per user per TTL. Also the
 * first page of a conversation's roster, for a card's automatic refresh.
 */
import type { ConnectorClient } from "botframework-connector";
import type { Logger } from "pino";

export interface MemberInfo {
  /** The Teams user id (`29:...`). */
  id: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
  name?: string;
}

/** Where the roster lives: the team for channel conversations, else the conversation. */
export interface RosterScope {
  tenantId: string;
  rosterId: string;
}

interface Entry<T> {
  value: T;
  expiresAt: number;
}

const MAX_ENTRIES = 2000;

function str(value: unknown, max = 320): string | undefined {
  return typeof value === "string" && value.length > 0 && value.length <= max ? value : undefined;
}

function toMember(raw: unknown): MemberInfo | undefined {
  const m = raw as Record<string, unknown> | null | undefined;
  const id = str(m?.id, 200);
  if (id === undefined) return undefined;
  const info: MemberInfo = { id };
  const aad = str(m?.aadObjectId, 100);
  const email = str(m?.email);
  const upn = str(m?.userPrincipalName);
  const name = str(m?.name, 200);
  if (aad) info.aadObjectId = aad;
  if (email) info.email = email;
  if (upn) info.userPrincipalName = upn;
  if (name) info.name = name;
  return info;
}

export class MemberDirectory {
  private readonly members = new Map<string, Entry<MemberInfo>>();
  private readonly rosters = new Map<string, Entry<string[]>>();
  private readonly inFlight = new Map<string, Promise<MemberInfo | undefined>>();

  constructor(
    private readonly options: { ttlMs: number; now?: () => number; logger: Logger },
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private remember<T>(map: Map<string, Entry<T>>, key: string, value: T): void {
    if (map.size >= MAX_ENTRIES) {
      const oldest = map.keys().next().value;
      if (oldest !== undefined) map.delete(oldest);
    }
    map.set(key, { value, expiresAt: this.now() + this.options.ttlMs });
  }

  private fresh<T>(map: Map<string, Entry<T>>, key: string): T | undefined {
    const entry = map.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      map.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** A member by Teams id or AAD object id; undefined when Teams does not know them (or the call failed). */
  async member(connector: ConnectorClient, scope: RosterScope, userId: string): Promise<MemberInfo | undefined> {
    const key = `${scope.tenantId}|${userId}`;
    const cached = this.fresh(this.members, key);
    if (cached) return cached;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const lookup = (async () => {
      try {
        const info = toMember(await connector.conversations.getConversationMember(scope.rosterId, userId));
        if (info) {
          for (const id of [userId, info.id, info.aadObjectId]) if (id) this.remember(this.members, `${scope.tenantId}|${id}`, info);
        }
        return info;
      } catch (err) {
        const status = (err as { statusCode?: unknown } | null)?.statusCode;
        this.options.logger.warn({ status, rosterId: scope.rosterId }, "Teams did not return a conversation member");
        return undefined;
      } finally {
        this.inFlight.delete(key);
      }
    })();
    this.inFlight.set(key, lookup);
    return lookup;
  }

  /** The member's email, or their user principal name when Teams gives no email. */
  async email(connector: ConnectorClient, scope: RosterScope, userId: string): Promise<string | undefined> {
    const info = await this.member(connector, scope, userId);
    return info?.email ?? info?.userPrincipalName;
  }

  /** Teams ids of up to `limit` members of the roster (empty when the call fails). */
  async rosterIds(connector: ConnectorClient, scope: RosterScope, limit: number): Promise<string[]> {
    const key = `${scope.tenantId}|${scope.rosterId}`;
    const cached = this.fresh(this.rosters, key);
    if (cached) return cached;
    try {
      // No continuation token on the first page: an empty one is sent as
      // `continuationToken=` and Teams' connector refuses it (403), so the card
      // would go out without its per-viewer refresh list. botbuilder's own
      // TeamsInfo leaves it undefined too. The typings call it required; the
      // client drops an undefined query parameter.
      const firstPage = { pageSize: limit } as { pageSize: number; continuationToken: string };
      const page: { members?: unknown } = await connector.conversations.getConversationPagedMembers(scope.rosterId, firstPage);
      const members: unknown[] = Array.isArray(page.members) ? page.members : [];
      const ids = members
        .map((m) => toMember(m))
        .filter((m): m is MemberInfo => m !== undefined)
        .map((m) => m.id)
        .slice(0, limit);
      this.remember(this.rosters, key, ids);
      return ids;
    } catch (err) {
      const status = (err as { statusCode?: unknown } | null)?.statusCode;
      this.options.logger.warn({ status, rosterId: scope.rosterId }, "Teams did not return the conversation roster");
      return [];
    }
  }
}
