// Triage on two replicas of the whole bot over one PostgreSQL database (one
// Okta sandbox, one Slack workspace): the same click, or the same Revoke
// confirmation, reaching both replicas at once makes one Okta action, and
// two people acting on one item at once on different replicas too.
import { afterAll, beforeAll, expect, it } from "vitest";
import { SLACK_USERS } from "../../../src/fakes/slack-web-api.js";
import { createTestDatabase, describeWithPostgres, probePostgres, type TestDatabase } from "../../support/databases.js";
import { buttonsOf, startTriageRig, type Launched, type TriageRig } from "./support/triage-rig.js";

const { bob, erin } = SLACK_USERS;
const probe = await probePostgres();

describeWithPostgres(probe, "Slack triage on two replicas sharing one PostgreSQL", () => {
  let database: TestDatabase;
  let rig: TriageRig;
  let launched: Launched;

  beforeAll(async () => {
    database = await createTestDatabase();
    rig = await startTriageRig({ replicas: 2, env: { DATABASE_URL: database.url } });
    launched = await rig.launchToCard("INC-TRIAGE-REPL");
  }, 180_000);

  afterAll(async () => {
    await rig?.close();
    await database?.drop();
  });

  const itemActions = () => rig.governanceCalls("executeSecurityAccessReviewAccessesAction");

  it("revokes once when the same Revoke confirmation reaches both replicas at once", async () => {
    const revoke = rig.revokeButtons(launched.cardTs)[0]!;
    const modal = await rig.openRevoke(erin, revoke.value, launched.cardTs);
    const answers = await Promise.all([0, 1].map((i) => rig.driver(i).submit(erin, modal, { note: "both replicas" })));
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    await rig.until("the thread names erin's revoke", () => rig.slack.thread(launched.threadTs).some((t) => t.includes("Erin Reviewer") && /revoked/i.test(t)));
    expect(itemActions()).toBe(1);
    const comments = rig.peers.sandbox.org.getSar(launched.sarId)!.comments.filter((c) => JSON.stringify(c).includes("both replicas"));
    expect(comments).toHaveLength(1);
    expect(rig.slack.thread(launched.threadTs).filter((t) => t.includes("Erin Reviewer") && /revoked/i.test(t))).toHaveLength(1);
  }, 120_000);

  it("flags once when the same click reaches both replicas at once, with a Slack retry on top", async () => {
    const flag = buttonsOf(rig.cardBlocks(launched.cardTs)).find((b) => b.actionId === "sar_triage_flag" && b.decoded?.accessId !== undefined)!;
    expect(flag).toBeDefined();
    const before = itemActions();
    const actionTs = "1800000000.424242";
    const answers = await Promise.all([
      rig.click(bob, "sar_triage_flag", flag.value, launched.cardTs, { actionTs, bot: 0 }),
      rig.click(bob, "sar_triage_flag", flag.value, launched.cardTs, { actionTs, bot: 1 }),
      rig.click(bob, "sar_triage_flag", flag.value, launched.cardTs, { actionTs, bot: 1, retryNum: 1 }),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    await rig.until("the thread names bob's flag", () => rig.slack.thread(launched.threadTs).some((t) => t.includes("Bob") && /flag/i.test(t)));
    expect(itemActions()).toBe(before + 1);
  }, 120_000);

  it("acts once when two people confirm the same Revoke on different replicas at once", async () => {
    const second = await rig.launchToCard("INC-TRIAGE-REPL-2");
    const revoke = rig.revokeButtons(second.cardTs)[0];
    expect(revoke).toBeDefined();
    const before = itemActions();
    // Counted per person: the ephemerals each got from earlier tests are skipped for that person alone.
    const seenBefore = { erin: rig.ephemeralsTo(erin).length, bob: rig.ephemeralsTo(bob).length };
    const fromErin = await rig.openRevoke(erin, revoke!.value, second.cardTs);
    const fromBob = await rig.openRevoke(bob, revoke!.value, second.cardTs);
    await Promise.all([rig.driver(0).submit(erin, fromErin, {}), rig.driver(1).submit(bob, fromBob, {})]);
    const done = () => rig.slack.thread(second.threadTs).filter((t) => t.includes(revoke!.decoded!.itemName!) && /revoked/i.test(t)).length;
    const refused = () =>
      [...rig.ephemeralsTo(erin).slice(seenBefore.erin), ...rig.ephemeralsTo(bob).slice(seenBefore.bob)].filter((c) => /already|does not offer/i.test(String(c.args.text))).length;
    await rig.until("one revoke is done and the other person told", () => done() === 1 && refused() >= 1);
    expect(itemActions()).toBe(before + 1);
  }, 180_000);
});
