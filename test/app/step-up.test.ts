/**
 * Step-up sign-in for approvals through the whole app (`startApp` with the
 * built-in sandbox org, the fake Slack Web API, real HTTP): under policy
 * `stepUp: true`, Approve only earns the approver a private link; the
 * approval counts once they sign in to the sandbox's Okta page as
 * themselves — in headless Chromium for the main path. Someone else signing
 * in, a replayed callback and an expired link change nothing.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SLACK_USERS, type FakeSlackApi } from "../../src/fakes/slack-web-api.js";
import { DEMO_USERS } from "../../src/sandbox/org/index.js";
import { repoRoot } from "../support/shared-dir.js";
import { startFakeBotConnector, type FakeBotConnector } from "../../src/fakes/bot-connector.js";
import { TeamsClient, teamsUser } from "../../src/fakes/teams-client.js";
import { allText, button, cardOf, inputsOf } from "../adapters/teams/support/card-reading.js";
import { launchForm, sarsNamed, SlackDriver, slackEnv, startBot, startFakeSlackApi, until, type AppInstance } from "../reliability/support/app-bench.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
const inCi = process.env.CI === "true";
const { alice, bob } = SLACK_USERS;
const LINK = /http:\/\/127\.0\.0\.1:\d+\/stepup\/start\?c=[A-Za-z0-9_-]{43}/;

describe("step-up sign-in for approvals, end to end", () => {
  let slack: FakeSlackApi;
  let bot: AppInstance;
  let driver: SlackDriver;
  let connector: FakeBotConnector;
  let dir: string;
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.now() + offsetMs) };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "oig-stepup-"));
    const policy = (await readFile(join(repoRoot, "policy.yaml"), "utf8")).replace(/^(\s+expiresAfter: .*)$/m, "$1\n    stepUp: true");
    expect(policy).toContain("stepUp: true");
    await writeFile(join(dir, "policy.yaml"), policy);
    slack = await startFakeSlackApi();
    connector = await startFakeBotConnector();
    // No OKTA_ORG_URL: the built-in sandbox org, whose demo web app needs no step-up settings.
    bot = await startBot({ ...slackEnv(slack), POLICY_FILE: join(dir, "policy.yaml") }, "warn", clock);
    driver = new SlackDriver(slack, () => bot.app.url);
  }, 60_000);

  afterAll(async () => {
    await bot?.close();
    await slack?.close();
    await connector?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const sandbox = () => {
    const s = bot.app.sandbox;
    if (s === undefined) throw new Error("the app did not start its sandbox");
    return s;
  };

  async function awaitingApproval(marker: string): Promise<{ ts: string; launchId: string }> {
    const view = await driver.openForm(alice, `<@U0TARGET|dan.target> ${marker}`);
    expect((await driver.submit(alice, view, launchForm(marker))).status).toBe(200);
    return driver.card(marker);
  }

  /** Bob clicks Approve; returns the private link he alone was sent. */
  async function approveClick(ts: string, launchId: string): Promise<string> {
    const before = slack.callsTo("chat.postEphemeral").length;
    expect((await driver.click(bob, "sar_approve", launchId, ts)).status).toBe(200);
    const sent = await slack.waitForCall("chat.postEphemeral", (c) => slack.callsTo("chat.postEphemeral").indexOf(c) >= before && c.args.user === bob.id && LINK.test(JSON.stringify(c.args)));
    expect(sent.args.channel).toBeDefined();
    return LINK.exec(JSON.stringify(sent.args))![0];
  }

  /** The sign-in over plain HTTP, as the page's form would post it; returns the callback URL Okta redirects to. */
  async function signInOverHttp(link: string, userId: string): Promise<URL> {
    const started = await fetch(link, { redirect: "manual" });
    expect(started.status).toBe(302);
    const authorize = new URL(started.headers.get("location") ?? "");
    expect(authorize.pathname).toBe("/oauth2/v1/authorize");
    expect(authorize.searchParams.get("max_age")).toBe("0");
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    const form = new URLSearchParams(authorize.searchParams);
    form.set("sandbox_user", userId);
    const signedIn = await fetch(new URL("/oauth2/v1/authorize", authorize), { method: "POST", body: form, redirect: "manual" });
    expect(signedIn.status).toBe(302);
    return new URL(signedIn.headers.get("location") ?? "");
  }

  const decisionsOf = async (launchId: string) => bot.app.store.listDecisions(launchId as never);
  const stateOf = async (launchId: string) => (await bot.app.store.getLaunch(launchId as never))?.state;

  it.skipIf(!haveChromium && !inCi)(
    haveChromium || inCi ? "approves only after the approver signs in to Okta in a real browser; the card says verified; one SAR; a replay changes nothing" : `skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
    async () => {
      const marker = "INC-STEPUP-BROWSER";
      const { ts, launchId } = await awaitingApproval(marker);
      const link = await approveClick(ts, launchId);
      // The click alone decided nothing.
      expect(await decisionsOf(launchId)).toEqual([]);
      expect(await stateOf(launchId)).toBe("PENDING_APPROVAL");

      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
      let callbackUrl: string;
      try {
        const page = await browser.newPage();
        await page.goto(link);
        expect(new URL(page.url()).pathname).toBe("/oauth2/v1/authorize");
        await page.getByRole("button", { name: /Sign in as/ }).first().waitFor();
        await Promise.all([page.waitForURL(/\/stepup\/callback/), page.locator(`button[value="${DEMO_USERS.bob.id}"]`).click()]);
        callbackUrl = page.url();
        expect(await page.locator("h1").textContent()).toBe("Approved");
        expect(await page.locator("#message").textContent()).toMatch(/verified with Okta at .*You can close this tab/);
      } finally {
        await browser.close();
      }

      const decisions = await decisionsOf(launchId);
      expect(decisions).toHaveLength(1);
      expect(decisions[0]).toMatchObject({ decision: "approve", approver: { oktaUserId: DEMO_USERS.bob.id } });
      expect(decisions[0]?.verification).toMatchObject({ issuer: sandbox().url, sub: DEMO_USERS.bob.id });
      await until("the card says verified with Okta", () =>
        slack.callsTo("chat.update").some((c) => c.args.ts === ts && JSON.stringify(c.args.blocks ?? "").includes("verified with Okta")),
      );
      await until("the SAR is created", () => sarsNamed(sandbox(), marker) === 1);
      const audit = await bot.app.store.queryAudit({ launchId: launchId as never });
      expect(audit.find((e) => e.action === "sar.launch.approve" && e.outcome === "allowed")?.details.stepUp).toMatchObject({ sub: DEMO_USERS.bob.id });

      // The same callback again (a replay, a second tab) is refused and changes nothing.
      const replay = await fetch(callbackUrl);
      expect(replay.status).toBe(410);
      expect(await replay.text()).toContain("already used");
      expect(await decisionsOf(launchId)).toHaveLength(1);
      expect(sarsNamed(sandbox(), marker)).toBe(1);
    },
    90_000,
  );

  it("refuses when someone other than the approver signs in, and records nothing", async () => {
    const marker = "INC-STEPUP-WRONGUSER";
    const { ts, launchId } = await awaitingApproval(marker);
    const link = await approveClick(ts, launchId);
    const callback = await signInOverHttp(link, DEMO_USERS.carol.id);
    const res = await fetch(callback);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("You signed in as someone else");
    expect(await decisionsOf(launchId)).toEqual([]);
    expect(await stateOf(launchId)).toBe("PENDING_APPROVAL");
    const audit = await bot.app.store.queryAudit({ launchId: launchId as never });
    expect(audit.some((e) => e.action === "sar.launch.step-up" && e.outcome === "denied" && e.details.signedInAs === DEMO_USERS.carol.id)).toBe(true);
  });

  it("refuses an expired link and a callback that comes after expiry", async () => {
    const marker = "INC-STEPUP-EXPIRED";
    const { ts, launchId } = await awaitingApproval(marker);
    const link = await approveClick(ts, launchId);
    const callback = await signInOverHttp(link, DEMO_USERS.bob.id);
    offsetMs = 6 * 60_000;
    try {
      const opened = await fetch(link, { redirect: "manual" });
      expect(opened.status).toBe(410);
      expect(await opened.text()).toContain("This link expired");
      const late = await fetch(callback);
      expect(late.status).toBe(410);
      expect(await late.text()).toContain("expired");
    } finally {
      offsetMs = 0;
    }
    expect(await decisionsOf(launchId)).toEqual([]);
    expect(await stateOf(launchId)).toBe("PENDING_APPROVAL");
  });

  it("refuses a tampered callback state or a made-up link without changing anything", async () => {
    const marker = "INC-STEPUP-TAMPER";
    const { ts, launchId } = await awaitingApproval(marker);
    const link = await approveClick(ts, launchId);
    const callback = await signInOverHttp(link, DEMO_USERS.bob.id);
    const tampered = new URL(callback);
    tampered.searchParams.set("state", "x".repeat(43));
    expect((await fetch(tampered)).status).toBe(400);
    expect((await fetch(`${bot.app.url}/stepup/start?c=${"A".repeat(43)}`)).status).toBe(404);
    expect((await fetch(`${bot.app.url}/stepup/start?c=<script>`)).status).toBe(400);
    expect(await decisionsOf(launchId)).toEqual([]);
    // The genuine callback still works afterwards: tampering burnt nothing.
    const ok = await fetch(callback);
    expect(ok.status).toBe(200);
    expect(await decisionsOf(launchId)).toHaveLength(1);
  });
  it("on Teams, Approve answers the clicker alone with the link, and the card shows the verified approval after sign-in", async () => {
    const users = Object.fromEntries((["alice", "bob", "dan"] as const).map((k) => [k, teamsUser(k, DEMO_USERS[k].email)]));
    for (const u of Object.values(users)) connector.addMember({ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email });
    const teams = new TeamsClient({ botUrl: bot.app.url, serviceUrl: connector.serviceUrl });
    const { alice: ta, bob: tb, dan: td } = users as Record<"alice" | "bob" | "dan", ReturnType<typeof teamsUser>>;
    const sent = await teams.message(ta, `sar @${td.name} step-up INC-STEPUP-TEAMS`, { mentions: [td] });
    const formPost = await connector.waitFor("the launch form", () => connector.posted.find((p) => p.replyToId === sent.activity.id));
    const form = cardOf(formPost.activity);
    const submit = button(form, "Submit");
    const where = { replyToId: formPost.id, threadRootId: sent.activity.id };
    expect((await teams.cardAction(ta, { verb: "launch.submit", data: { ...inputsOf(form), ...submit.data, durationDays: String(inputsOf(form).durationDays) } }, where)).status).toBe(200);
    const card = await connector.waitFor("the approval card", () => connector.updated.find((u) => u.activityId === formPost.id && allText(cardOf(u.activity)).includes("Reference:")));
    const reference = /Reference: (L[0-9A-Z]{6})/.exec(allText(cardOf(card.activity)))?.[1] ?? "?";
    const approve = button(cardOf(card.activity), "Approve");
    const clicked = await teams.cardAction(tb, { verb: approve.verb ?? "", data: approve.data }, where);
    expect(clicked.status).toBe(200);
    // The link is in the answer to bob's own invoke, which only he sees; nothing was posted to the thread with it.
    const link = LINK.exec(JSON.stringify(clicked.body))?.[0];
    expect(link).toBeDefined();
    expect(JSON.stringify(connector.posted)).not.toContain("/stepup/start");
    const launch = await bot.app.store.getLaunchByReference(reference);
    expect(await decisionsOf(launch!.id)).toEqual([]);

    const callback = await signInOverHttp(link!, DEMO_USERS.bob.id);
    expect((await fetch(callback)).status).toBe(200);
    await connector.waitFor("the card shows the verified approval", () =>
      connector.updated.find((u) => u.activityId === formPost.id && allText(cardOf(u.activity)).includes("verified with Okta")),
    );
    expect(await decisionsOf(launch!.id)).toHaveLength(1);
    await until("the SAR is created", () => sarsNamed(sandbox(), reference) === 1);
  });
});
