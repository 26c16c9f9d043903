// Okta Event Hooks through the whole app (startApp over HTTP: sandbox Okta,
// PGlite, pg-boss, the fake Slack Web API): the one-time verification,
// the shared secret, bad bodies, and risk events proposing a review in
// Slack - one card per user and window, updated on repeats - whose button
// opens the normal launch form, prefilled, ending in one SAR after approval.
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../src/sandbox/org/index.js";
import { createManualClock, type ManualClock } from "../support/core-harness.js";
import { SLACK_USERS, startFakeSlackApi, type FakeSlackApi, type SlackApiCall } from "../../src/fakes/slack-web-api.js";
import { repoRoot } from "../support/shared-dir.js";
import { oktaEnv, sarsNamed, SlackDriver, slackEnv, startBot, startOktaSandbox, until, type AppInstance } from "../reliability/support/app-bench.js";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { delivery, logEvent, riskChange, suspiciousReport } from "../governance/proposals/okta-event-fixtures.js";
import { blockActionPayload, interactionBody, postSigned, type SlackUserRef } from "../../src/fakes/slack-requests.js";

const SECRET = "event-hook-secret-0123456789abcdef";
const CHANNEL = "C0PROPOSALS";
const HOUR = 3_600_000;
const dan = { id: DEMO_USERS.dan.id, login: DEMO_USERS.dan.login, displayName: "Dan Target" };
const frank = { id: DEMO_USERS.frank.id, login: DEMO_USERS.frank.login };

let dir: string;
let sandbox: RunningSandbox;
let slack: FakeSlackApi;
let bot: AppInstance;
let clock: ManualClock;
let driver: SlackDriver;

async function policyWithProposals(): Promise<string> {
  const path = join(dir, "policy.yaml");
  const base = readFileSync(join(repoRoot, "policy.yaml"), "utf8");
  await writeFile(
    path,
    `${base}
proposals:
  window: 1h
  slack: {channel: ${CHANNEL}}
  events:
    - type: security.threat.detected
    - type: user.risk.change
      riskLevel: [HIGH]
    - type: user.account.report_suspicious_activity_by_enduser
`,
  );
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "oig-event-hooks-"));
  sandbox = await startOktaSandbox();
  slack = await startFakeSlackApi();
  clock = createManualClock(new Date());
  bot = await startBot({ ...oktaEnv(sandbox), ...slackEnv(slack), POLICY_FILE: await policyWithProposals(), OKTA_EVENT_HOOK_SECRET: SECRET }, "info", clock);
  driver = new SlackDriver(slack, () => bot.app.url);
}, 60_000);

afterAll(async () => {
  await bot?.close();
  await slack?.close();
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

/** A button click on a message in the proposal channel. */
const click = (user: SlackUserRef, actionId: string, value: string, messageTs: string) =>
  postSigned(bot.app.url, interactionBody(blockActionPayload({ user, actionId, value, messageTs, channel: CHANNEL })));

/** The id of the modal opened after `opens` earlier ones. */
async function openedView(opens: number): Promise<string | undefined> {
  await until("the modal", () => slack.callsTo("views.open")[opens]?.response !== undefined);
  return (slack.callsTo("views.open")[opens]?.response?.view as { id?: string } | undefined)?.id;
}

const hookUrl = () => `${bot.app.url}/okta/event-hooks`;

function post(body: unknown, headers: Record<string, string> = { authorization: SECRET }): Promise<Response> {
  return fetch(hookUrl(), { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
}

/** Proposal cards posted in the incident channel (chat.postMessage with the proposal button). */
const proposalPosts = (): SlackApiCall[] => slack.callsTo("chat.postMessage").filter((c) => c.args.channel === CHANNEL && JSON.stringify(c.args.blocks ?? "").includes("sar_proposal_launch"));
const cardsFor = (login: string) => proposalPosts().filter((c) => JSON.stringify(c.args.blocks).includes(login));

describe("the one-time verification", () => {
  it("echoes Okta's challenge only to a request carrying the secret", async () => {
    const ok = await fetch(hookUrl(), { headers: { authorization: SECRET, "x-okta-verification-challenge": "chal-123" } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ verification: "chal-123" });

    const wrong = await fetch(hookUrl(), { headers: { authorization: `${SECRET}x`, "x-okta-verification-challenge": "chal-123" } });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(await wrong.json())).not.toContain("chal-123");
    const none = await fetch(hookUrl(), { headers: { "x-okta-verification-challenge": "chal-123" } });
    expect(none.status).toBe(401);
    const noChallenge = await fetch(hookUrl(), { headers: { authorization: SECRET } });
    expect(noChallenge.status).toBe(400);
  });
});

describe("deliveries that are refused change nothing", () => {
  it("a wrong or missing secret is 401, bad JSON 400, a body not a delivery 400, an oversize body 413", async () => {
    const before = slack.calls.length;
    const event = riskChange(dan, "HIGH");
    expect((await post(delivery([event]), { authorization: "Bearer nope" })).status).toBe(401);
    expect((await post(delivery([event]), {})).status).toBe(401);
    expect((await post("{not json")).status).toBe(400);
    expect((await post({ events: [event] })).status).toBe(400);
    expect((await post(delivery([event]), { authorization: SECRET, "content-type": "text/plain" })).status).toBe(415);
    const huge = await post(delivery([{ ...event, displayMessage: "x".repeat(1_100_000) }]));
    expect(huge.status).toBe(413);
    // The same event, now sent properly, is new to the bot: the refusals recorded nothing (not even its uuid).
    expect((await post(delivery([event]))).status).toBe(200);
    await until("the proposal card", () => cardsFor(dan.login).length === 1);
    expect(slack.calls.slice(before).filter((c) => c.method === "chat.postMessage")).toHaveLength(1);
    expect(bot.logs.lines.join("\n")).not.toContain(SECRET);
  });
});

describe("risk events propose a review in Slack", () => {
  it("the card says who, what Okta saw and when, escapes Okta's text, and offers the launch", async () => {
    const hostile = { ...frank, displayName: "<!channel> Frank" };
    const event = logEvent("security.threat.detected", hostile, { displayMessage: "Threat <!here> detected <https://evil.example|click>" });
    const res = await post(delivery([event]));
    expect(res.status).toBe(200);
    const card = await slack.waitForCall("chat.postMessage", (c) => c.args.channel === CHANNEL && JSON.stringify(c.args.blocks ?? "").includes(frank.login));
    const text = JSON.stringify(card.args.blocks);
    expect(text).toContain("security.threat.detected");
    expect(text).toContain(frank.id);
    expect(text).toContain("Threat &lt;!here&gt; detected &lt;https://evil.example|click&gt;");
    expect(text).not.toContain("<!here>");
    expect(text).not.toContain("<!channel>");
    expect(String(card.args.text)).not.toContain("<!");
    expect(text).toContain("Launch security access review");
  });

  it("ignores unknown event types, risk changes below HIGH and events that name no user", async () => {
    const before = proposalPosts().length;
    const erin = { id: DEMO_USERS.erin.id, login: DEMO_USERS.erin.login };
    const res = await post(delivery([logEvent("user.session.start", erin), riskChange(erin, "LOW"), logEvent("security.threat.detected", erin, { target: [], actor: { id: "x", type: "SystemPrincipal" } })]));
    expect(res.status).toBe(200);
    // A marker event after them: once its card is there, the three before it were handled (one at a time).
    await post(delivery([suspiciousReport({ id: DEMO_USERS.grace.id, login: DEMO_USERS.grace.login })]));
    await until("the marker card", () => cardsFor(DEMO_USERS.grace.login).length === 1);
    expect(proposalPosts().length).toBe(before + 1);
    expect(cardsFor(erin.login)).toHaveLength(0);
  });

  it("repeats for one user within the window update one card; a redelivered uuid counts once; after the window a new card", async () => {
    const carol = { id: DEMO_USERS.carol.id, login: DEMO_USERS.carol.login };
    const first = riskChange(carol, "HIGH");
    await post(delivery([first]));
    await until("carol's card", () => cardsFor(carol.login).length === 1);
    const ts = String(cardsFor(carol.login)[0]?.response?.ts);

    const repeats = [logEvent("security.threat.detected", carol), riskChange(carol, "HIGH"), suspiciousReport(carol)];
    for (const event of repeats) expect((await post(delivery([event]))).status).toBe(200);
    // Okta redelivers the first event (same uuid): not counted again.
    expect((await post(delivery([first]))).status).toBe(200);
    await until("three updates of carol's card", () => slack.messages.get(ts)?.updates === 3);
    await post(delivery([suspiciousReport({ id: DEMO_USERS.grace.id, login: DEMO_USERS.grace.login })]));
    await until("the grace marker handled", () => slack.callsTo("chat.update").some((c) => JSON.stringify(c.args.blocks ?? "").includes(DEMO_USERS.grace.login)));
    expect(slack.messages.get(ts)?.updates).toBe(3);
    expect(cardsFor(carol.login)).toHaveLength(1);
    expect(JSON.stringify(slack.messages.get(ts)?.blocks)).toContain("4 events");

    clock.advance(HOUR);
    await post(delivery([riskChange(carol, "HIGH")]));
    await until("a second card for carol", () => cardsFor(carol.login).length === 2);
    expect(JSON.stringify(cardsFor(carol.login)[1]?.args.blocks)).not.toContain("events*");
  });

  it("the button opens the launch form prefilled; submitting asks for approval in the card's thread; approval makes one SAR", async () => {
    // The clock moved past the window of dan's first card (the test before): this event opens a new one.
    const before = cardsFor(dan.login).length;
    await post(delivery([riskChange(dan, "HIGH", { displayMessage: "User risk level changed to HIGH" })]));
    await until("dan's new card", () => cardsFor(dan.login).length === before + 1);
    const cardTs = String(cardsFor(dan.login).at(-1)?.response?.ts);
    const proposalId = String(
      (cardsFor(dan.login).at(-1)?.args.blocks as { elements?: { action_id: string; value: string }[] }[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id === "sar_proposal_launch")?.value,
    );

    const opens = slack.callsTo("views.open").length;
    const clicked = await click(SLACK_USERS.alice, "sar_proposal_launch", proposalId, cardTs);
    expect(clicked.status).toBe(200);
    const viewId = await openedView(opens);
    await slack.waitForCall("views.update", (c) => c.args.view_id === viewId && JSON.stringify(c.args.view).includes("sar_launch_form"));
    const form = driver.view(viewId);
    const initial = (field: string) => (form.blocks as { block_id?: string; element?: { initial_value?: string } }[]).find((b) => b.block_id === field)?.element?.initial_value;
    expect(initial("target")).toBe(dan.login);
    expect(initial("reason")).toMatch(/^Okta reported user\.risk\.change, risk HIGH at .*: User risk level changed to HIGH/);

    const marker = "INC-PROPOSAL-1";
    const submitted = await driver.submit(SLACK_USERS.alice, form, { target: initial("target") ?? "", reviewers: "erin.reviewer@example.com", durationDays: "7", reason: initial("reason") ?? "", incidentRef: marker });
    expect(submitted.status).toBe(200);
    const approval = await driver.card(marker);
    const approvalCall = slack.callsTo("chat.postMessage").find((c) => c.response?.ts === approval.ts);
    expect(approvalCall?.args.channel).toBe(CHANNEL);
    expect(approvalCall?.args.thread_ts).toBe(cardTs);
    expect(sarsNamed(sandbox, marker)).toBe(0);

    await click(SLACK_USERS.bob, "sar_approve", approval.launchId, approval.ts);
    await until("the SAR in Okta", () => sarsNamed(sandbox, marker) === 1);
    const [sar] = sandbox.org.listSars().filter((s) => s.name.includes(marker));
    expect(sar?.principalId).toBe(dan.id);
  });

  it("a click on a card of an unknown proposal still opens an empty form, nothing prefilled", async () => {
    const opens = slack.callsTo("views.open").length;
    await click(SLACK_USERS.alice, "sar_proposal_launch", "00000000-0000-4000-8000-000000000000", "1700000000.000001");
    const viewId = await openedView(opens);
    await slack.waitForCall("views.update", (c) => c.args.view_id === viewId);
    const form = driver.view(viewId);
    const target = (form.blocks as { block_id?: string; element?: { initial_value?: string } }[]).find((b) => b.block_id === "target")?.element?.initial_value;
    expect(target ?? "").toBe("");
  });
});

describe("hostile deliveries", () => {
  it("odd shapes in an authenticated delivery are answered, skipped, and never stop the next event", async () => {
    const grace = { id: DEMO_USERS.grace.id, login: DEMO_USERS.grace.login };
    const odd: unknown[] = [
      { uuid: "x".repeat(5000), eventType: "security.threat.detected", target: [{ id: grace.id, type: "User" }] },
      { uuid: "0d5e9a1c-0000-4000-8000-0000000000aa", eventType: ["security.threat.detected"], target: [{ id: grace.id, type: "User" }] },
      { ...logEvent("security.threat.detected", grace), target: [{ id: { $ne: null }, type: "User" }], actor: "root" },
      { ...riskChange(grace, "HIGH"), debugContext: { debugData: { risk: { level: { toString: 1 } } } } },
      { ...logEvent("security.threat.detected", grace), published: "yesterday", displayMessage: 42, client: [], outcome: "x" },
      { ...logEvent("security.threat.detected", { ...grace, id: `${grace.id}'; drop table proposals; --` }) },
      null,
      "event",
    ];
    const before = proposalPosts().length;
    const graceCards = cardsFor(grace.login).length;
    expect((await post({ data: { events: odd } })).status).toBe(200);
    expect((await post({ data: { events: [{ uuid: "__proto__", eventType: "constructor" }] } })).status).toBe(200);
    const marker = { id: DEMO_USERS.erin.id, login: DEMO_USERS.erin.login };
    await post(delivery([logEvent("security.threat.detected", marker)]));
    await until("the marker card after the odd ones", () => cardsFor(marker.login).length === 1);
    // Of the odd ones only the complete event with odd extras (a bad date, a number for a message) proposes, for grace.
    expect(proposalPosts().length - before).toBe(2);
    expect(cardsFor(grace.login).length - graceCards).toBe(1);
    const graceCard = JSON.stringify(cardsFor(grace.login).at(-1)?.args.blocks);
    expect(graceCard).toContain("First seen");
    expect(graceCard).toContain(String.raw`Okta saw:*\n>security.threat.detected`);
    expect((await fetch(`${bot.app.url}/healthz`)).status).toBe(200);
  });
});

describe("without OKTA_EVENT_HOOK_SECRET", () => {
  it("the endpoint does not exist (404) and nothing is read", async () => {
    const plain = await startBot({ ...oktaEnv(sandbox) });
    try {
      const res = await fetch(`${plain.app.url}/okta/event-hooks`, { method: "POST", headers: { "content-type": "application/json", authorization: SECRET }, body: JSON.stringify(delivery([riskChange(dan, "HIGH")])) });
      expect(res.status).toBe(404);
      expect((await fetch(`${plain.app.url}/okta/event-hooks`, { headers: { "x-okta-verification-challenge": "c" } })).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
