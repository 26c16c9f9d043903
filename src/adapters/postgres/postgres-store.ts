/**
 * The core's store port over PostgreSQL or PGlite (one schema, one set of
 * migrations). Run `migrate(executor)` before using it.
 */
import type { Clock } from "../../governance/ports.js";
import type { ConversationReferenceStore, GovernanceStore } from "../../governance/store.js";
import type { SqlSession } from "./sql.js";
import { auditMethods } from "./store/audit.js";
import type { StoreContext } from "./store/context.js";
import { conversationMethods } from "./store/conversations.js";
import { decisionMethods } from "./store/decisions.js";
import { defaultStoreIds, type StoreIds } from "./store/ids.js";
import { identityMethods } from "./store/identity.js";
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
      ...identityMethods(context),
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
