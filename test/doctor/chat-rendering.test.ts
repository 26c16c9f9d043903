// `doctor` as both chat parsers read it, and the report as both renderers
// show it: problems first with their numbered fixes, Slack's limits kept
// with a huge report, and the Teams card valid beside the others (the
// shared reply fixtures run it through the Adaptive Card 1.5 schema).
import { describe, expect, it } from "vitest";
import { parseSarCommand } from "../../src/adapters/slack/command/parse-command.js";
import { renderReply as renderSlack } from "../../src/adapters/slack/render/render-reply.js";
import { parseCommand } from "../../src/adapters/teams/parse/command.js";
import { readMessageText } from "../../src/adapters/teams/parse/message-text.js";
import { renderReply as renderTeams } from "../../src/adapters/teams/render/render-reply.js";
import type { DoctorCheckView, Reply } from "../../src/governance/replies.js";
import { messageLimitProblems } from "../../src/fakes/slack-web-api.js";

const BOT_ID = "28:oig-bot";
const teams = (text: string) =>
  parseCommand(readMessageText({ text: `<at>oig-chatops</at> ${text}`, entities: [{ type: "mention", text: "<at>oig-chatops</at>", mentioned: { id: BOT_ID, name: "oig-chatops" } }], botId: BOT_ID }));

const missing: DoctorCheckView = {
  id: "okta.scope.okta.roles.read",
  area: "okta",
  title: "scope okta.roles.read",
  status: "missing",
  detail: "not granted: Okta refused a token for this scope.",
  fix: ["Applications > Applications > the bot's API Services app.", "Okta API Scopes tab > okta.roles.read > Grant."],
};
const fine: DoctorCheckView = { id: "database.connect", area: "database", title: "connection", status: "ok", detail: "embedded PGlite answers select 1" };
const report = (checks: DoctorCheckView[], ok: boolean): Extract<Reply, { type: "doctor-report" }> => ({ type: "doctor-report", checks, ok });

describe("doctor in chat: parsing", () => {
  it("Slack reads `/sar doctor`, and shows the usage for extra words", () => {
    expect(parseSarCommand("doctor")).toEqual({ kind: "doctor" });
    expect(parseSarCommand("DOCTOR")).toEqual({ kind: "doctor" });
    expect(parseSarCommand("doctor now")).toEqual({ kind: "usage", subcommand: "doctor", usage: "doctor" });
  });

  it("Teams reads `doctor` and `sar doctor`, and shows the usage for extra words", () => {
    expect(teams("doctor")).toEqual({ kind: "doctor" });
    expect(teams("sar doctor")).toEqual({ kind: "doctor" });
    expect(teams("doctor please")).toEqual({ kind: "usage", subcommand: "doctor", usage: "doctor" });
  });
});

describe("doctor in chat: rendering", () => {
  it("Slack: private, problems first with numbered fixes, then the checks that work", () => {
    const rendered = renderSlack(report([fine, missing], false));
    expect(rendered.audience).toBe("private");
    const text = JSON.stringify(rendered.blocks);
    expect(text.indexOf("scope okta.roles.read")).toBeLessThan(text.indexOf("connection"));
    expect(text).toContain("MISSING");
    expect(text).toContain("2. Okta API Scopes tab &gt; okta.roles.read &gt; Grant.");
    expect(rendered.text).toContain("1 problem found in 2 checks");
    expect(messageLimitProblems({ text: rendered.text, blocks: rendered.blocks })).toEqual([]);
  });

  it("Slack: a report too big for one message stays within Slack's limits and says where the rest is", () => {
    const many = Array.from({ length: 120 }, (_, i) => ({ ...missing, id: `okta.scope.s${i}`, title: `scope s${i}`, detail: "x".repeat(2000) }));
    const rendered = renderSlack(report(many, false));
    expect(messageLimitProblems({ text: rendered.text, blocks: rendered.blocks })).toEqual([]);
    expect(JSON.stringify(rendered.blocks)).toContain("npm run doctor");
  });

  it("Teams: problems in attention containers with their fixes, the summary and a plain-text version", () => {
    const rendered = renderTeams(report([fine, missing], false));
    const card = JSON.stringify(rendered.card);
    expect(card).toContain('"style":"attention"');
    expect(card).toContain("MISSING: scope okta.roles.read (okta)");
    expect(card).toContain("2. Okta API Scopes tab > okta.roles.read > Grant.");
    expect(rendered.text).toContain("1 problem found in 2 checks");
    expect(rendered.text).toContain("MISSING scope okta.roles.read");
  });

  it("says everything works when nothing is missing or failing", () => {
    expect(renderSlack(report([fine], true)).text).toContain("Everything configured works (1 check).");
    expect(renderTeams(report([fine], true)).text).toBe("Everything configured works (1 check).");
  });
});
