// With a policy that needs no approval, the Teams submit posts a
// "launching" card at once and the SAR's creation is announced in the
// conversation: one SAR, never two (real core, sandbox, pg-boss).
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../support/core-harness.js";
import { allText, buttonsOf, cardOf } from "./support/card-reading.js";
import { startTeamsWithCore, type TeamsCoreHarness } from "./support/teams-core-harness.js";
import { CHANNEL } from "../../../src/fakes/teams-client.js";

const NO_APPROVAL = readFileSync(new URL("../../../policy.yaml", import.meta.url), "utf8").replace("required: true", "required: false");

let env: TeamsCoreHarness;
beforeAll(async () => {
  env = await startTeamsWithCore({ policy: NO_APPROVAL });
});
afterAll(async () => env?.close());

describe("Teams launch without approval", () => {
  it("posts the launching card without buttons, then announces the one SAR in the channel", async () => {
    const { teams } = env;
    const form = { action: "launch.form", target: DEMO_USERS.dan.login, reviewers: DEMO_USERS.erin.login, durationDays: "7", reason: "no four eyes here" };
    const res = await teams.client.submitAction(env.user("alice"), form);
    expect(res.status).toBe(200);
    const card = await teams.connector.waitFor("the launching card", () => teams.connector.posted.find((p) => allText(cardOf(p.activity)).includes("no four eyes here")));
    expect(allText(cardOf(card.activity))).toMatch(/launching/i);
    expect(buttonsOf(cardOf(card.activity))).toEqual([]);
    const reference = /Reference: (L[0-9A-Z]{6})/.exec(allText(cardOf(card.activity)))?.[1] ?? "none";
    const sars = () => env.h.sandbox.org.listSars().filter((sar) => sar.name.includes(reference));
    const announced = await teams.connector.waitFor("the SAR announced", () => {
      const [sar] = sars();
      return sar && teams.connector.posted.find((p) => p.conversationId.startsWith(CHANNEL.id) && allText(cardOf(p.activity)).includes(sar.id));
    });
    expect(allText(cardOf(announced.activity))).toMatch(/launched/i);
    expect(sars()).toHaveLength(1);
  });
});
