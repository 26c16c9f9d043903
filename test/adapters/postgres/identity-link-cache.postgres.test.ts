/**
 * Identity links in memory over real PostgreSQL, two replicas on one
 * database: a link one replica (or an admin with psql) writes reaches the
 * other's memory through the trigger's NOTIFY, and a lost listening
 * connection turns the cache off until it is back, empty.
 */
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { followIdentityLinkChanges, IdentityLinkCache } from "../../../src/adapters/postgres/identity-link-cache.js";
import { migrate } from "../../../src/adapters/postgres/migrate.js";
import { createPgExecutor } from "../../../src/adapters/postgres/pg-executor.js";
import { createPgliteExecutor } from "../../../src/adapters/postgres/pglite-executor.js";
import { createPostgresStore, type PostgresStore } from "../../../src/adapters/postgres/postgres-store.js";
import type { SqlExecutor, SqlSession } from "../../../src/adapters/postgres/sql.js";
import type { NewIdentityLink } from "../../../src/governance/store.js";
import type { OktaUserId } from "../../../src/governance/okta/types.js";
import { createPostgresSchema, describeWithPostgres, postgresDatabaseForFile, probePostgres, useFreshSchema, type PostgresTestSchema } from "../../support/databases.js";
import { manualClock } from "./manual-clock.js";
import { waitUntil } from "./wait-until.js";

const alice = { platform: "slack" as const, tenantId: "T01", chatUserId: "UALICE" };
const admin = { platform: "slack" as const, tenantId: "T01", chatUserId: "UADMIN", oktaUserId: "00uadmin" as OktaUserId };
const linkTo = (oktaUserId: string): NewIdentityLink => ({ ...alice, oktaUserId: oktaUserId as OktaUserId, oktaLogin: `${oktaUserId}@example.com`, linkedBy: admin });

/** The executor as a session that counts the identity-link reads reaching the database. */
function counting(executor: SqlExecutor): { session: SqlSession; reads: () => number } {
  let reads = 0;
  const session: SqlSession = {
    query: (text, params) => {
      if (text.startsWith("SELECT * FROM identity_links")) reads++;
      return executor.query(text, params);
    },
    exec: (script) => executor.exec(script),
    transaction: (fn) => executor.transaction(fn),
  };
  return { session, reads: () => reads };
}

interface Replica {
  store: PostgresStore;
  cache: IdentityLinkCache;
  reads: () => number;
  logs: { level: number; msg: string }[];
  stop: () => Promise<void>;
}

const postgres = await probePostgres();

describeWithPostgres(postgres, "identity links in memory, over PostgreSQL", () => {
  const database = postgresDatabaseForFile();
  let schema: PostgresTestSchema;
  let replicas: Replica[] = [];

  function replica(): Replica {
    const executor = createPgExecutor(schema.openPool(2));
    const { session, reads } = counting(executor);
    const cache = new IdentityLinkCache({ nowMs: () => Date.now() });
    const logs: Replica["logs"] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void logs.push(JSON.parse(line) as Replica["logs"][number]) });
    const stopListening = followIdentityLinkChanges(executor.listen!.bind(executor), cache, logger);
    const made: Replica = { store: createPostgresStore(session, { clock: manualClock(), identityLinks: cache }), cache, reads, logs, stop: stopListening };
    replicas.push(made);
    return made;
  }

  beforeEach(async () => {
    schema = await createPostgresSchema(database().url);
    const pool = schema.openPool(1);
    await migrate(createPgExecutor(pool));
    await pool.end();
  });

  afterEach(async () => {
    for (const r of replicas) await r.stop();
    replicas = [];
    await schema.drop();
  });

  const listening = (r: Replica) => waitUntil(() => r.cache.stats.on, "the replica to listen for link changes");

  it("answers repeated reads from memory, and a link another replica makes is seen there at once", async () => {
    const [a, b] = [replica(), replica()];
    await Promise.all([listening(a), listening(b)]);
    expect(await a.store.getIdentityLink(alice)).toBeNull();
    expect(await a.store.getIdentityLink(alice)).toBeNull();
    expect(a.reads()).toBe(1);

    await b.store.upsertIdentityLink(linkTo("00ufirst"));
    // The writer's own memory is right as soon as its write returns.
    expect(await b.store.getIdentityLink(alice)).toMatchObject({ oktaUserId: "00ufirst" });
    // The other replica hears of it through NOTIFY (without it, memory would say "no link" for a minute).
    await waitUntil(async () => (await a.store.getIdentityLink(alice))?.oktaUserId === "00ufirst", "replica A to see the new link");
    const readsAfter = a.reads();
    await a.store.getIdentityLink(alice);
    expect(a.reads()).toBe(readsAfter);

    await b.store.deleteIdentityLink(alice);
    await waitUntil(async () => (await a.store.getIdentityLink(alice)) === null, "replica A to see the link removed");
  });

  it("hears of links changed by hand in SQL, including a TRUNCATE", async () => {
    const a = replica();
    await listening(a);
    await a.store.upsertIdentityLink(linkTo("00ufirst"));
    expect(await a.store.getIdentityLink(alice)).toMatchObject({ oktaUserId: "00ufirst" });
    const psql = schema.openPool(1);
    await psql.query("UPDATE identity_links SET okta_user_id = '00usecond' WHERE chat_user_id = 'UALICE'");
    await waitUntil(async () => (await a.store.getIdentityLink(alice))?.oktaUserId === "00usecond", "the hand-made change to be seen");
    await psql.query("TRUNCATE identity_links");
    await waitUntil(async () => (await a.store.getIdentityLink(alice)) === null, "the truncated table to be seen");
  });

  it("reads the database while its listening connection is lost, and starts empty once it is back", async () => {
    const a = replica();
    await listening(a);
    await a.store.upsertIdentityLink(linkTo("00ufirst"));
    await a.store.getIdentityLink(alice);
    const psql = schema.openPool(1);
    // The listener's backend is killed, and the link changes right after (its notice can be lost with it).
    await psql.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN oig_identity_links' AND pid <> pg_backend_pid()",
    );
    await psql.query("UPDATE identity_links SET okta_user_id = '00usecond' WHERE chat_user_id = 'UALICE'");
    await waitUntil(() => a.logs.some((line) => line.level === 40 && /lost the connection/.test(line.msg)), "the lost connection to be logged");
    await waitUntil(() => a.logs.some((line) => line.level === 30 && /listening for changes again/.test(line.msg)), "the listener to come back");
    await listening(a);
    expect(await a.store.getIdentityLink(alice)).toMatchObject({ oktaUserId: "00usecond" });
  });

  it("inside a transaction reads the database, so a transaction sees its own link", async () => {
    const a = replica();
    await listening(a);
    expect(await a.store.getIdentityLink(alice)).toBeNull();
    const seen = await a.store.transaction(async (tx) => {
      await tx.upsertIdentityLink(linkTo("00uintx"));
      return tx.getIdentityLink(alice);
    });
    expect(seen).toMatchObject({ oktaUserId: "00uintx" });
    await waitUntil(async () => (await a.store.getIdentityLink(alice))?.oktaUserId === "00uintx", "the committed link to be seen outside");
  });
});

describe("identity links in memory, over PGlite (one process owns the database)", () => {
  let executor: SqlExecutor;
  beforeEach(async () => {
    executor = await createPgliteExecutor({ memory: true });
    await useFreshSchema(executor);
    await migrate(executor);
  });
  afterEach(async () => {
    await executor.close();
  });

  it("is on from the start, and the store's own writes keep it right", async () => {
    const { session, reads } = counting(executor);
    const cache = new IdentityLinkCache({ nowMs: () => Date.now(), on: true });
    const store = createPostgresStore(session, { clock: manualClock(), identityLinks: cache });
    expect(await store.getIdentityLink(alice)).toBeNull();
    expect(await store.getIdentityLink(alice)).toBeNull();
    expect(reads()).toBe(1);
    await store.upsertIdentityLink(linkTo("00ufirst"));
    expect(await store.getIdentityLink(alice)).toMatchObject({ oktaUserId: "00ufirst" });
    await store.upsertIdentityLink(linkTo("00usecond"));
    expect(await store.getIdentityLink(alice)).toMatchObject({ oktaUserId: "00usecond" });
    expect(await store.getIdentityLink(alice)).toMatchObject({ oktaUserId: "00usecond" });
    expect(reads()).toBe(3);
    expect(await store.deleteIdentityLink(alice)).toBe(true);
    expect(await store.getIdentityLink(alice)).toBeNull();
  });
});
