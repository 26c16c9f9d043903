// Hostile input through the whole app: a seeded generator posts malformed and
// random bodies to /slack/events (signed and unsigned) and to /api/messages.
// The server never answers 5xx, keeps serving, and nothing changes: no
// launch rows, no SAR in the sandbox, no create call reaching Okta, no audit
// row other than a denial or a plain read.
// Default ~1 000 Slack + 300 Teams bodies; CHAOS=1: 10 000 + 2 000. FUZZ_SEED picks the seed.
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { mulberry32 } from "../../src/sandbox/faults.js";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { SLACK_USERS, type FakeSlackApi } from "../../src/fakes/slack-web-api.js";
import { startFakeBotConnector, type FakeBotConnector } from "../../src/fakes/bot-connector.js";
import { createTestDatabase, describeWithPostgres, probePostgres, type TestDatabase } from "../support/databases.js";
import { postSigned, sign } from "../../src/fakes/slack-requests.js";
import { CHAOS, oktaEnv, slackEnv, startBot, startFakeSlackApi, startOktaSandbox, type AppInstance } from "./support/app-bench.js";

const SLACK_TRIALS = CHAOS ? 10_000 : 1_000;
const TEAMS_TRIALS = CHAOS ? 2_000 : 300;
const SEED = Number(process.env.FUZZ_SEED ?? 4711);

const HOSTILE = [
  'x" or status eq "ACTIVE',
  '") or (profile.email sw "',
  "<!channel>",
  "<!here|here> <!everyone>",
  "<@U0BOB|bob.lead>",
  "<@U0TARGET|dan.target> approve",
  "'; DROP TABLE launches; --",
  "${jndi:ldap://127.0.0.1/a}",
  "\u0000\u0001\u0002",
  "\ud800",
  "👩‍💻🔥".repeat(50),
  "‮evil‬",
  "%00%ff%fe",
  "a".repeat(70_000),
  "{{7*7}}",
  "__proto__",
  "constructor",
  "sar approve",
  "launch <@U0TARGET|dan.target> INC-1",
  "cancel 00000000-0000-0000-0000-000000000000",
];
const ACTION_IDS = ["sar_approve", "sar_deny", "sar_cancel", "sar_status", "unknown_action", "", "__proto__"];
const TYPES = ["block_actions", "view_submission", "view_closed", "message_action", "shortcut", "block_suggestion", "interactive_message", "bogus", ""];

/** Percent-encodes, passing lone surrogates through as raw (invalid) bytes. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text.replace(/[^A-Za-z0-9]/g, (ch) => `%${(ch.charCodeAt(0) & 0xff).toString(16).padStart(2, "0")}`);
  }
}

function generator(seed: number) {
  const random = mulberry32(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const junkString = (): string => {
    switch (int(5)) {
      case 0:
        return pick(HOSTILE);
      case 1:
        return String.fromCharCode(...Array.from({ length: int(40) }, () => int(0xffff)));
      case 2:
        return int(2 ** 31).toString(36);
      case 3:
        return `${pick(HOSTILE)} ${pick(HOSTILE)}`;
      default:
        return "";
    }
  };
  const junkValue = (depth = 0): unknown => {
    switch (int(depth > 2 ? 5 : 8)) {
      case 0:
        return junkString();
      case 1:
        return int(1e9) * (random() < 0.5 ? -1 : 1);
      case 2:
        return null;
      case 3:
        return random() < 0.5;
      case 4:
        return 1e308 * 10;
      case 5:
        return Array.from({ length: int(4) }, () => junkValue(depth + 1));
      default:
        return Object.fromEntries(Array.from({ length: int(4) }, () => [pick(["type", "user", "actions", "view", "value", "id", "__proto__", junkString()]), junkValue(depth + 1)]));
    }
  };
  const user = () => (random() < 0.5 ? pick(Object.values(SLACK_USERS)) : { id: junkString(), name: junkString() });
  const payload = (): unknown => {
    const u = user();
    const base: Record<string, unknown> = { type: pick(TYPES), team: random() < 0.8 ? { id: "T0DEMO" } : junkValue(), user: random() < 0.8 ? { id: u.id, name: u.name, team_id: "T0DEMO" } : junkValue() };
    if (random() < 0.5) base.actions = random() < 0.8 ? [{ action_id: pick(ACTION_IDS), value: random() < 0.5 ? junkString() : crypto.randomUUID(), type: "button", action_ts: "1.2" }] : junkValue();
    if (random() < 0.4) base.view = random() < 0.5 ? { id: "V0", callback_id: pick(["sar_launch_form", "sar_deny_form", junkString()]), private_metadata: random() < 0.5 ? JSON.stringify(junkValue()) : junkString(), state: { values: junkValue() } } : junkValue();
    if (random() < 0.3) base.container = junkValue();
    if (random() < 0.3) base.message = junkValue();
    if (random() < 0.3) base.callback_id = pick(["sar_launch_from_message", junkString()]);
    if (random() < 0.2) base.trigger_id = junkValue();
    return random() < 0.1 ? junkValue() : base;
  };
  const command = (): string => {
    const u = user();
    const fields: Record<string, string> = {
      team_id: random() < 0.9 ? "T0DEMO" : junkString(),
      channel_id: random() < 0.9 ? "C0INCIDENT" : junkString(),
      user_id: u.id,
      user_name: u.name,
      command: pick(["/sar", "/sar", "/other", junkString()]),
      text: `${pick(["", "launch ", "status ", "cancel ", "approve ", "whoami ", "audit ", "link "])}${junkString()}`,
      response_url: pick(["http://127.0.0.1:9/x", junkString()]),
      trigger_id: random() < 0.8 ? `fuzz.${int(1e9)}.trigger` : junkString(),
    };
    for (const key of Object.keys(fields)) if (random() < 0.08) delete fields[key];
    return new URLSearchParams(fields).toString();
  };
  /** One request: body, content type and whether it is correctly signed. */
  return (): { body: string; contentType: string; signed: boolean; timestampSkew: number } => {
    const signed = random() < 0.85;
    const timestampSkew = random() < 0.05 ? -600 : 0;
    switch (int(8)) {
      case 0:
        return { body: command(), contentType: "application/x-www-form-urlencoded", signed, timestampSkew };
      case 1:
      case 2:
        return { body: new URLSearchParams({ payload: JSON.stringify(payload()) }).toString(), contentType: "application/x-www-form-urlencoded", signed, timestampSkew };
      case 3:
        return { body: `payload=${pick(["%E0%A4%A", "%", "{", "%7B%22type%22%3A", "null", "[]", "1", "%22str%22", junkString()])}`, contentType: "application/x-www-form-urlencoded", signed, timestampSkew };
      case 4:
        return { body: JSON.stringify(random() < 0.5 ? { type: pick(["url_verification", "event_callback", "app_rate_limited", junkString()]), challenge: junkValue(), event: junkValue() } : junkValue()), contentType: "application/json", signed, timestampSkew };
      case 5:
        return { body: junkString(), contentType: pick(["application/x-www-form-urlencoded", "application/json", "text/plain", "multipart/form-data; boundary=x", ""]), signed, timestampSkew };
      case 6:
        return { body: `payload=${encode(JSON.stringify(payload()))}&payload=${encode(junkString())}&${"x=".repeat(int(3000))}`, contentType: "application/x-www-form-urlencoded", signed, timestampSkew };
      default:
        return { body: Buffer.from(Array.from({ length: int(2000) }, () => int(256))).toString("latin1"), contentType: "application/octet-stream", signed, timestampSkew };
    }
  };
}

function teamsGenerator(seed: number) {
  const random = mulberry32(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  return (serviceUrl: string): string => {
    const activity: Record<string, unknown> = {
      type: pick(["message", "invoke", "conversationUpdate", "messageReaction", "bogus", 7, null]),
      id: `fuzz-${int(1e9)}`,
      channelId: pick(["msteams", "webchat", "", 1]),
      serviceUrl: pick([serviceUrl, "http://127.0.0.1:9/", "not a url", "file:///etc/passwd", null]),
      from: pick([{ id: "29:alice", aadObjectId: "aad-alice", name: "alice" }, { id: pick(HOSTILE) }, null, "x", {}]),
      recipient: { id: "28:oig-bot", name: "oig-chatops" },
      conversation: pick([{ id: "19:incident@thread.tacv2", conversationType: "channel", isGroup: true, tenantId: "tenant-demo" }, { id: pick(HOSTILE) }, null, []]),
      text: `<at>oig-chatops</at> ${pick(["sar ", "status ", "approve ", "help", ""])}${pick(HOSTILE)}`,
      name: pick(["composeExtension/submitAction", "composeExtension/fetchTask", "adaptiveCard/action", "task/submit", "bogus", undefined]),
      value: pick([{ action: { type: "Action.Execute", verb: pick(["approve", "deny", "launch", "bogus"]), data: { launchId: pick(HOSTILE) } } }, { data: pick(HOSTILE) }, pick(HOSTILE), null, [1, 2]]),
      entities: pick([[], null, "x", [{ type: "mention", mentioned: null }]]),
    };
    if (random() < 0.1) return pick(["{", "[]", "null", "\"x\"", "", "{\"type\":\"message\"", "\u0000"]);
    if (random() < 0.6) {
      // A well-formed envelope from a known member, so the hostile text and invoke values reach the bot's handlers.
      Object.assign(activity, {
        type: pick(["message", "invoke"]),
        channelId: "msteams",
        serviceUrl,
        from: { id: "29:alice", aadObjectId: "aad-alice", name: "alice" },
        conversation: { id: "19:incident@thread.tacv2", conversationType: "channel", isGroup: true, tenantId: "tenant-demo" },
        channelData: { tenant: { id: "tenant-demo" }, team: { id: "19:team-general@thread.tacv2" }, channel: { id: "19:incident@thread.tacv2" } },
        entities: [],
      });
    }
    return JSON.stringify(activity);
  };
}

const probe = await probePostgres();

describeWithPostgres(probe, "hostile input through the whole app", () => {
  let database: TestDatabase;
  let sandbox: RunningSandbox;
  let slack: FakeSlackApi;
  let connector: FakeBotConnector;
  let bot: AppInstance;
  let sql: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    sandbox = await startOktaSandbox();
    slack = await startFakeSlackApi();
    connector = await startFakeBotConnector();
    connector.addMember({ id: "29:alice", aadObjectId: "aad-alice", name: "alice", email: "alice.responder@example.com" });
    bot = await startBot({ ...oktaEnv(sandbox), ...slackEnv(slack), DATABASE_URL: database.url }, "warn");
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  }, 60_000);

  afterAll(async () => {
    await sql?.end();
    await bot?.close();
    await connector?.close();
    await slack?.close();
    await sandbox?.close();
    await database?.drop();
  });

  async function assertNothingChanged(): Promise<void> {
    expect((await sql.query<{ n: string }>("select count(*)::text as n from launches")).rows[0]?.n).toBe("0");
    expect((await sql.query<{ n: string }>("select count(*)::text as n from launch_decisions")).rows[0]?.n).toBe("0");
    const audit = await sql.query<{ action: string; outcome: string }>("select distinct action, outcome from audit_log where outcome not in ('denied', 'allowed')");
    expect(audit.rows).toEqual([]);
    expect(sandbox.org.listSars()).toEqual([]);
    expect(sandbox.calls.count({ operationId: "createSecurityAccessReview" })).toBe(0);
    expect(slack.callsTo("chat.postMessage").filter((c) => JSON.stringify(c.args.blocks ?? "").includes("sar_approve"))).toEqual([]);
    expect((await fetch(`${bot.app.url}/healthz`)).status).toBe(200);
  }

  it(`answers ${SLACK_TRIALS} hostile /slack/events bodies without a 5xx, and changes nothing`, async () => {
    const next = generator(SEED);
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    const batch = 16;
    for (let i = 0; i < SLACK_TRIALS; i += batch) {
      const cases = Array.from({ length: Math.min(batch, SLACK_TRIALS - i) }, () => next());
      await Promise.all(
        cases.map(async (c) => {
          const timestamp = Math.floor(Date.now() / 1000) + c.timestampSkew;
          const res = await postSigned(bot.app.url, c.body, {
            contentType: c.contentType,
            timestamp,
            ...(c.signed ? {} : { signature: sign(c.body, "wrong-secret", timestamp) }),
          });
          await res.arrayBuffer();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500) failures.push(`${res.status} for ${c.contentType} ${c.body.slice(0, 200)}`);
          if (!c.signed && res.status < 400) failures.push(`unsigned body accepted (${res.status}): ${c.body.slice(0, 200)}`);
        }),
      );
    }
    console.log(`slack fuzz (seed ${SEED}, ${SLACK_TRIALS} bodies): statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(failures.slice(0, 10)).toEqual([]);
    await assertNothingChanged();
  }, 600_000);

  it(`answers ${TEAMS_TRIALS} hostile /api/messages bodies through the app without a 5xx, and changes nothing`, async () => {
    const next = teamsGenerator(SEED + 1);
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    const batch = 8;
    for (let i = 0; i < TEAMS_TRIALS; i += batch) {
      const bodies = Array.from({ length: Math.min(batch, TEAMS_TRIALS - i) }, () => next(connector.serviceUrl));
      await Promise.all(
        bodies.map(async (body) => {
          const res = await fetch(`${bot.app.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body });
          await res.arrayBuffer();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500) failures.push(`${res.status} for ${body.slice(0, 300)}`);
        }),
      );
    }
    console.log(`teams fuzz (seed ${SEED + 1}, ${TEAMS_TRIALS} bodies): statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(failures.slice(0, 10)).toEqual([]);
    await assertNothingChanged();
  }, 600_000);
});
