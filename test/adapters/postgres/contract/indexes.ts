/** Store contract: the sweeps' queries stay cheap as history grows. */
import { expect, it } from "vitest";
import { createPostgresStore } from "../../../../src/adapters/postgres/postgres-store.js";
import type { SqlSession } from "../../../../src/adapters/postgres/sql.js";
import type { GovernanceStore } from "../../../../src/governance/store.js";
import type { StoreHarness } from "./harness.js";

interface SeenQuery {
  text: string;
  params: readonly unknown[] | undefined;
}

/** A session that remembers the statements the store sends through it. */
function recording(session: SqlSession, seen: SeenQuery[]): SqlSession {
  return {
    query: (text, params) => {
      seen.push({ text, params });
      return session.query(text, params);
    },
    exec: (script) => session.exec(script),
    transaction: (fn) => session.transaction((tx) => fn(recording(tx, seen))),
  };
}

export function indexContract(h: () => StoreHarness): void {
  it("the expiry, recovery and due-watch sweeps are answered from their partial indexes", async () => {
    const { executor, clock } = h();
    const plans = await executor.transaction(async (tx) => {
      // A tiny table would be scanned anyway; forbid that to see which index serves each query.
      await tx.exec("SET LOCAL enable_seqscan = off");
      const seen: SeenQuery[] = [];
      const store = createPostgresStore(recording(tx, seen), { clock });
      const planOf = async (call: (s: GovernanceStore) => Promise<unknown>): Promise<string> => {
        await call(store);
        const query = seen.pop();
        if (query === undefined) throw new Error("the store sent no query");
        const { rows } = await tx.query<Record<string, string>>(`EXPLAIN ${query.text}`, query.params);
        return rows.map((row) => Object.values(row).join(" ")).join("\n");
      };
      return {
        expiry: await planOf((s) => s.listExpiredLaunches({ limit: 10 })),
        stalled: await planOf((s) => s.listStalledLaunches({ olderThanMs: 60_000, limit: 10 })),
        watches: await planOf((s) => s.listDueWatches({ limit: 10 })),
      };
    });
    expect(plans.expiry).toContain("launches_pending_expiry");
    expect(plans.stalled).toContain("launches_in_flight");
    expect(plans.watches).toContain("watches_due");
  });
}
