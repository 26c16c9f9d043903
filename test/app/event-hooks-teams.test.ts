// Okta risk events propose a review in Teams, through the whole app
// (startApp in Teams local mode, the fake Bot Connector, sandbox Okta):
// the card is posted into the configured channel from the reference the
// bot remembered there, redrawn on repeats, and its button opens the
// launch form in a task module, prefilled; the submit asks for approval
// under the card, and bob's approval makes one SAR.
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../src/sandbox/org/index.js";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { startFakeBotConnector, type FakeBotConnector, type PostedActivity } from "../../src/fakes/bot-connector.js";
import { repoRoot, sharedAbsentMessage, sharedPresent } from "../support/shared-dir.js";
import { oktaEnv, sarsNamed, startBot, startOktaSandbox, until, type AppInstance } from "../reliability/support/app-bench.js";
import { allText, button, cardOf, inputsOf, taskOf } from "../adapters/teams/support/card-reading.js";
import { adaptiveCardValidator, describeErrors } from "../adapters/teams/support/schemas.js";
import { BOT, CHANNEL, TENANT_ID, TeamsClient, teamsUser, type TeamsUser } from "../../src/fakes/teams-client.js";
import { delivery, logEvent, riskChange } from "../governance/proposals/okta-event-fixtures.js";

const SECRET = "event-hook-secret-teams-0123456789";
const dan = { id: DEMO_USERS.dan.id, login: DEMO_USERS.dan.login, displayName: "Dan Target" };
const alice = teamsUser("alice", DEMO_USERS.alice.email);
const bob = teamsUser("bob", DEMO_USERS.bob.email);

let dir: string;
let sandbox: RunningSandbox;
let connector: FakeBotConnector;
let bot: AppInstance;
let client: TeamsClient;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "oig-event-hooks-teams-"));
  sandbox = await startOktaSandbox();
  connector = await startFakeBotConnector();
  for (const user of [alice, bob]) connector.addMember({ id: user.id, aadObjectId: user.aadObjectId, name: user.name, email: user.email });
  const policy = join(dir, "policy.yaml");
  await writeFile(
    policy,
    `${readFileSync(join(repoRoot, "policy.yaml"), "utf8")}
proposals:
  window: 1h
  teams: {tenantId: ${TENANT_ID}, conversationId: "${CHANNEL.id}"}
  events:
    - type: security.threat.detected
    - type: user.risk.change
      riskLevel: [HIGH]
`,
  );
  bot = await startBot({ ...oktaEnv(sandbox), POLICY_FILE: policy, OKTA_EVENT_HOOK_SECRET: SECRET });
  client = new TeamsClient({ botUrl: bot.app.url, serviceUrl: connector.serviceUrl });
}, 60_000);

afterAll(async () => {
  await bot?.close();
  await connector?.close();
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

const post = (body: unknown) =>
  fetch(`${bot.app.url}/okta/event-hooks`, { method: "POST", headers: { "content-type": "application/json", authorization: SECRET }, body: JSON.stringify(body) });

/** Proposal cards posted as new root messages in the channel. */
const proposalCards = (): PostedActivity[] =>
  connector.posted.filter((p) => p.conversationId === CHANNEL.id && p.activity.attachments !== undefined && allText(cardOf(p.activity)).includes("Okta proposes a security access review"));

let sequence = 0;
/** An invoke from a click on the card `cardId` in the channel, as Teams sends it. */
async function invoke(from: TeamsUser, name: string, value: unknown, cardId: string): Promise<{ status: number; body: unknown }> {
  return client.send({
    type: "invoke",
    name,
    value,
    id: `f:proposal-${++sequence}`,
    channelId: "msteams",
    serviceUrl: connector.serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: { ...BOT },
    conversation: { id: `${CHANNEL.id};messageid=${cardId}`, conversationType: "channel", isGroup: true, tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID }, team: { id: CHANNEL.teamId }, channel: { id: CHANNEL.id } },
    replyToId: cardId,
  });
}

// The cards are checked against the Adaptive Cards schema when ../shared holds it; the flow is tested either way.
const cardSchemaPresent = sharedPresent("schemas/adaptive-cards/1.5.0/adaptive-card.json");
if (!cardSchemaPresent) console.warn(`${sharedAbsentMessage} (event-hooks-teams: proposal cards not checked against the Adaptive Cards 1.5 schema)`);
function expectValidCard(card: unknown): void {
  if (!cardSchemaPresent) return;
  const validate = adaptiveCardValidator();
  expect(validate(card), describeErrors(validate.errors)).toBe(true);
}

describe("risk events propose a review in Teams", () => {
  it("before the bot has seen the channel no card can be posted; nothing crashes and the endpoint still answers 200", async () => {
    const res = await post(delivery([logEvent("security.threat.detected", { id: DEMO_USERS.frank.id, login: DEMO_USERS.frank.login })]));
    expect(res.status).toBe(200);
    await until("the failure logged", () => bot.logs.lines.some((l) => l.includes("could not show the proposal card")));
    expect(proposalCards()).toHaveLength(0);
  });

  it("once the bot was added to the team, the card goes to the channel (schema 1.5) and repeats update it", async () => {
    // What Teams sends when the app is added to a team: a conversationUpdate in the team's General channel.
    const general = "19:team-general@thread.tacv2";
    const added = await client.send({
      type: "conversationUpdate",
      id: "f:installed-1",
      channelId: "msteams",
      serviceUrl: connector.serviceUrl,
      from: { id: alice.id, name: alice.name, aadObjectId: alice.aadObjectId },
      recipient: { ...BOT },
      conversation: { id: general, conversationType: "channel", isGroup: true, tenantId: TENANT_ID },
      channelData: { tenant: { id: TENANT_ID }, team: { id: general }, eventType: "teamMemberAdded" },
      membersAdded: [{ id: BOT.id }],
    });
    expect(added.status).toBeLessThan(300);
    const first = riskChange(dan, "HIGH");
    expect((await post(delivery([first]))).status).toBe(200);
    const card = await connector.waitFor("the proposal card", () => proposalCards().find((p) => allText(cardOf(p.activity)).includes(dan.login)));
    const content = cardOf(card.activity);
    expectValidCard(content);
    expect(allText(content)).toContain("user.risk.change, risk HIGH");
    expect(allText(content)).toContain(dan.id);

    await post(delivery([logEvent("security.threat.detected", dan, { displayMessage: "[click](https://evil.example) <at>everyone</at>" })]));
    await post(delivery([riskChange(dan, "HIGH")]));
    await post(delivery([first])); // redelivered: counted once
    const updates = () => connector.updated.filter((u) => u.activityId === card.id);
    await until("two redraws of the card", () => updates().length === 2);
    const latest = cardOf(updates()[1]?.activity);
    expectValidCard(latest);
    expect(allText(latest)).toContain("3 events");
    expect(proposalCards().filter((p) => allText(cardOf(p.activity)).includes(dan.login))).toHaveLength(1);
    // Okta's text is a TextRun, never markdown.
    expect(JSON.stringify(updates()[0]?.activity)).toContain('"type":"TextRun","text":"[click](https://evil.example) <at>everyone</at>"');
  });

  it("the button opens the launch form prefilled; its submit asks for approval under the card; bob's approval makes one SAR", async () => {
    const card = proposalCards().find((p) => allText(cardOf(p.activity)).includes(dan.login));
    if (card === undefined) throw new Error("no proposal card for dan (the test before failed)");
    const launch = button(cardOf(card.activity), "Launch security access review");
    expect(launch.data).toMatchObject({ msteams: { type: "task/fetch" } });

    const fetched = await invoke(alice, "task/fetch", { data: launch.data, context: { theme: "default" } }, card.id);
    expect(fetched.status).toBe(200);
    const form = taskOf(fetched.body).card;
    const inputs = inputsOf(form);
    expect(inputs.target).toBe(dan.login);
    expect(String(inputs.reason)).toMatch(/^Okta reported /);
    const submit = button(form, "Submit");

    const marker = "INC-TEAMS-PROPOSAL";
    const submitted = await invoke(alice, "task/submit", { data: { ...inputs, ...submit.data, durationDays: String(inputs.durationDays), incidentRef: marker }, context: { theme: "default" } }, card.id);
    expect(submitted.status).toBe(200);
    const thread = `${CHANNEL.id};messageid=${card.id}`;
    const approval = await connector.waitFor("the approval card under the proposal", () =>
      connector.posted.find((p) => p.conversationId === thread && p.activity.attachments !== undefined && allText(cardOf(p.activity)).includes(marker)),
    );
    expect(sarsNamed(sandbox, marker)).toBe(0);
    const approve = button(cardOf(approval.activity), "Approve");
    await client.cardAction(bob, { verb: approve.verb ?? "", data: approve.data }, { replyToId: approval.id, threadRootId: card.id });
    await until("the SAR in Okta", () => sarsNamed(sandbox, marker) === 1);
    expect(sandbox.org.listSars().find((s) => s.name.includes(marker))?.principalId).toBe(dan.id);
  });

  it("a task/fetch that is not the proposal button gets a message, not a form", async () => {
    const res = await invoke(alice, "task/fetch", { data: { verb: "something.else" } }, "1:none");
    expect(taskOf(res.body).message).toMatch(/not known/);
  });
});

