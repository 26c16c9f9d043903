// Teams launch paths end to end (real core, Okta sandbox, PGlite, pg-boss):
// the @mention command's inline form turning into the approval card, each
// viewer's own version of it, a redelivered submit, and a refusal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../support/core-harness.js";
import { allText, button, buttonsOf, cardOf, inputsOf, invokeCard, refreshOf, taskOf } from "./support/card-reading.js";
import { startTeamsWithCore, type TeamsCoreHarness } from "./support/teams-core-harness.js";
import { CHANNEL } from "../../../src/fakes/teams-client.js";

let env: TeamsCoreHarness;
beforeAll(async () => {
  env = await startTeamsWithCore();
});
afterAll(async () => env?.close());

const sarsNamed = (reference: string) => env.h.sandbox.org.listSars().filter((sar) => sar.name.includes(reference));

async function inlineLaunch(reason: string) {
  const { teams } = env;
  const alice = env.user("alice");
  const dan = env.user("dan");
  const sent = await teams.client.message(alice, `sar @${dan.name} ${reason}`, { mentions: [dan] });
  const formPost = await teams.connector.waitFor("the launch form", () => teams.connector.posted.find((p) => p.replyToId === sent.activity.id));
  const form = cardOf(formPost.activity);
  const submit = button(form, "Submit");
  const clicked = await teams.client.cardAction(alice, { verb: "launch.submit", data: { ...inputsOf(form), ...submit.data, durationDays: String(inputsOf(form).durationDays) } }, { replyToId: formPost.id, threadRootId: sent.activity.id });
  return { sent, formPost, clicked };
}

describe("Teams @mention launch against the real core", () => {
  it("the form from `sar @user reason` becomes the approval card in the same message, visible to everyone", async () => {
    const { teams } = env;
    const { formPost, clicked } = await inlineLaunch("token theft INC-4711");
    expect(allText(invokeCard(clicked.body))).toContain("Submitted.");
    const update = await teams.connector.waitFor("the form replaced by the approval card", () => teams.connector.updated.find((u) => u.activityId === formPost.id));
    const card = cardOf(update.activity);
    expect(allText(card)).toContain(`Target: Dan Target (${DEMO_USERS.dan.login})`);
    expect(allText(card)).toContain("Incident: INC-4711");
    expect(buttonsOf(card).map((b) => b.title)).toContain("Approve");
    expect(refreshOf(card)?.userIds).toEqual(expect.arrayContaining([env.user("alice").id, env.user("bob").id]));
  });

  it("a refresh gives bob the buttons, alice Cancel, grace (a responder) the missing role, and erin (no role) the shared card", async () => {
    const { teams } = env;
    const { formPost, sent } = await inlineLaunch("refresh check");
    const update = await teams.connector.waitFor("the approval card", () => teams.connector.updated.find((u) => u.activityId === formPost.id));
    const refresh = refreshOf(cardOf(update.activity));
    const refreshAs = (who: "alice" | "bob" | "erin" | "grace") =>
      teams.client.cardAction(env.user(who), { verb: refresh?.verb ?? "", data: refresh?.data ?? {} }, { replyToId: formPost.id, threadRootId: sent.activity.id, trigger: "automatic" });
    expect(buttonsOf(invokeCard((await refreshAs("bob")).body)).map((b) => b.title)).toEqual(["Approve", "Deny", "Deny"]);
    expect(buttonsOf(invokeCard((await refreshAs("alice")).body)).map((b) => b.title)).toEqual(["Cancel request"]);
    const grace = invokeCard((await refreshAs("grace")).body);
    expect(buttonsOf(grace)).toEqual([]);
    expect(allText(grace)).toMatch(/approver role/);
    // Who may not read launches gets no version of their own: Teams keeps the shared card, whose clicks the core refuses.
    const erin = await refreshAs("erin");
    expect(erin.status).toBe(403);
  });

  it("bob's approval from the card threads the SAR under the command's reply chain", async () => {
    const { teams } = env;
    const { formPost, sent } = await inlineLaunch("approve from the inline card");
    const update = await teams.connector.waitFor("the approval card", () => teams.connector.updated.find((u) => u.activityId === formPost.id));
    const approve = button(cardOf(update.activity), "Approve");
    const reference = /Reference: (L[0-9A-Z]{6})/.exec(allText(cardOf(update.activity)))?.[1] ?? "";
    await teams.client.cardAction(env.user("bob"), { verb: approve.verb ?? "", data: approve.data }, { replyToId: formPost.id, threadRootId: sent.activity.id });
    const thread = `${CHANNEL.id};messageid=${sent.activity.id}`;
    const success = await teams.connector.waitFor("the SAR announced in the thread", () => {
      const [sar] = sarsNamed(reference);
      return sar && teams.connector.posted.find((p) => p.conversationId === thread && allText(cardOf(p.activity)).includes(sar.id));
    });
    expect(sarsNamed(reference)).toHaveLength(1);
    expect(allText(cardOf(success.activity))).toMatch(/launched/i);
  });
});

describe("Teams defects found in Microsoft's playground", () => {
  it("regression: the roster call sends no empty continuationToken (Teams refuses it), so the approval card keeps its refresh list", async () => {
    const { teams } = env;
    const { formPost } = await inlineLaunch("roster check");
    const update = await teams.connector.waitFor("the approval card", () => teams.connector.updated.find((u) => u.activityId === formPost.id));
    expect(refreshOf(cardOf(update.activity))?.userIds?.length ?? 0).toBeGreaterThan(0);
  });

  it("regression: the launched card shows the end time of the SAR Okta created, not one counted from the form", async () => {
    const { teams } = env;
    const { formPost, sent } = await inlineLaunch("end time check");
    const pending = await teams.connector.waitFor("the approval card", () => teams.connector.updated.find((u) => u.activityId === formPost.id));
    const reference = /Reference: (L[0-9A-Z]{6})/.exec(allText(cardOf(pending.activity)))?.[1] ?? "";
    // The approval comes 20 minutes after the form: the review's duration counts from its launch.
    env.h.clock.advance(20 * 60_000);
    const approve = button(cardOf(pending.activity), "Approve");
    await teams.client.cardAction(env.user("bob"), { verb: approve.verb ?? "", data: approve.data }, { replyToId: formPost.id, threadRootId: sent.activity.id });
    const launched = await teams.connector.waitFor("the launched card", () =>
      teams.connector.updated.find((u) => u.activityId === formPost.id && /launched/i.test(allText(cardOf(u.activity)))),
    );
    const [sar] = sarsNamed(reference);
    const end = new Date(sar?.endTime ?? "").toISOString().slice(0, 16).replace("T", " ");
    expect(allText(cardOf(launched.activity))).toContain(`Review ends: ${end} UTC`);
  });
});

describe("Teams message extension against the real core", () => {
  it("a redelivered submit creates one launch and one card", async () => {
    const { teams } = env;
    const before = teams.connector.posted.length;
    const form = { action: "launch.form", target: DEMO_USERS.dan.login, reviewers: DEMO_USERS.erin.login, durationDays: "7", reason: "redelivery" };
    const first = await teams.client.submitAction(env.user("alice"), form);
    await teams.connector.waitFor("the approval card", () => teams.connector.posted.length > before);
    await teams.client.send(first.activity);
    const cards = teams.connector.posted.slice(before).filter((p) => allText(cardOf(p.activity)).includes("redelivery"));
    expect(cards).toHaveLength(1);
  });

  it("someone without the responder role gets no form, and is told which role is missing", async () => {
    const res = await env.teams.client.fetchTask(env.user("erin"));
    expect(taskOf(res.body).message).toMatch(/responder role/);
  });

  it("the form's validation errors come from the core's rules (a target among the reviewers)", async () => {
    const form = { action: "launch.form", target: DEMO_USERS.dan.login, reviewers: `${DEMO_USERS.erin.login}, ${DEMO_USERS.dan.login}`, durationDays: "7", reason: "x" };
    const res = await env.teams.client.submitAction(env.user("alice"), form);
    const { card } = taskOf(res.body);
    expect(allText(card)).toMatch(/cannot be one of the reviewers/);
  });
});
