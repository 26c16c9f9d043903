/**
 * The core's store port over PostgreSQL or PGlite (one schema, one set of
 * migrations). Run `migrate(executor)` before using it.
 */
import type { Clock } from "../../governance/ports.js";
import type { ChatUserKey, ConversationReferenceStore, GovernanceStore } from "../../governance/store.js";
import type { IdentityLinkCache } from "./identity-link-cache.js";
import type { SqlSession } from "./sql.js";
import { auditMethods } from "./store/audit.js";
import type { StoreContext } from "./store/context.js";
import { conversationMethods } from "./store/conversations.js";
import { decisionMethods } from "./store/decisions.js";
import { defaultStoreIds, type StoreIds } from "./store/ids.js";
import { identityMethods, type IdentityMethods } from "./store/identity.js";
import { launchMethods } from "./store/launches.js";
import { proposalMethods } from "./store/proposals.js";
import { watchMethods } from "./store/watches.js";
import { stepUpMethods } from "./store/step-up.js";
import { triageActionMethods } from "./store/triage-actions.js";
import { triageCardMethods } from "./store/triage-cards.js";

export type { StoreIds } from "./store/ids.js";

export interface PostgresStoreOptions {
  clock: Clock;
  /** Id generators (uuid, launch reference); random by default. */
  ids?: Partial<StoreIds>;
  /** Called with the size of each group-committed batch of audit entries (tests, metrics). */
  onAuditBatch?: (size: number) => void;
  /**
   * Identity links kept in memory (`identity-link-cache.ts`): reads outside
   * a transaction are answered from it while it is on, and every link
   * written or deleted through this store is forgotten there at once.
   */
  identityLinks?: IdentityLinkCache;
}

/** Every store port over one database: the domain's aggregates and the chat adapters' conversation references. */
export type PostgresStore = GovernanceStore & ConversationReferenceStore;

/** The store over `db` (an executor, or a session inside a transaction). */
export function createPostgresStore(db: SqlSession, options: PostgresStoreOptions): PostgresStore {
  const ids: StoreIds = { ...defaultStoreIds, ...options.ids };

  const bind = (session: SqlSession, inTransaction: boolean): PostgresStore => {
    const context: StoreContext = { db: session, clock: options.clock, ids };
    const store: PostgresStore = {
      // A transaction session hands itself back for nested calls: reuse this store then.
      transaction: (fn) => session.transaction((tx) => fn(tx === session ? store : bind(tx, true))),
      ...launchMethods(context),
      ...decisionMethods(context),
      ...stepUpMethods(context),
      ...cachedLinks(identityMethods(context), options.identityLinks, inTransaction),
      ...watchMethods(context),
      ...conversationMethods(context),
      ...auditMethods({ ...context, inTransaction }, { ...(options.onAuditBatch && { onBatch: options.onAuditBatch }) }),
      ...proposalMethods(context),
      ...triageActionMethods(context),
      ...triageCardMethods(context),
    };
    return store;
  };

  return bind(db, false);
}

/**
 * Link reads through `cache` (outside a transaction, whose reads must see its own writes), and link writes
 * forgetting the chat user there both before they start (a read under way keeps nothing) and once they are done.
 */
function cachedLinks(methods: IdentityMethods, cache: IdentityLinkCache | undefined, inTransaction: boolean): IdentityMethods {
  if (cache === undefined) return methods;
  const forgetAround = async <T>(key: ChatUserKey, write: () => Promise<T>): Promise<T> => {
    cache.changed(key);
    try {
      return await write();
    } finally {
      cache.changed(key);
    }
  };
  return {
    ...methods,
    getIdentityLink: inTransaction ? methods.getIdentityLink : (key) => cache.read(key, () => methods.getIdentityLink(key)),
    upsertIdentityLink: (link) => forgetAround(link, () => methods.upsertIdentityLink(link)),
    deleteIdentityLink: (key) => forgetAround(key, () => methods.deleteIdentityLink(key)),
  };
}
