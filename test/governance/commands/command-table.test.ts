// The command table is the one source of `/sar`: help, the Slack manifest's
// usage_hint and the Teams manifest's command list agree with it both ways,
// and one parser reads both platforms' messages the same.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseSarCommand } from "../../../src/adapters/slack/command/parse-command.js";
import { parseCommand as parseTeamsCommand } from "../../../src/adapters/teams/parse/command.js";
import { readMessageText } from "../../../src/adapters/teams/parse/message-text.js";
import { COMMAND_ORDER, COMMANDS, helpEntries, parseCommand, runCommand, slackUsageHint, teamsCommandList, type CommandToken } from "../../../src/governance/commands/index.js";
import type { GovernanceCore } from "../../../src/governance/core.js";
import { ACTIONS } from "../../../src/governance/policy/index.js";
import { repoRoot } from "../../support/shared-dir.js";

const slackManifest = parse(readFileSync(join(repoRoot, "manifest/slack/manifest.yaml"), "utf8")) as { features: { slash_commands: { usage_hint: string }[] } };
const teamsManifest = JSON.parse(readFileSync(join(repoRoot, "manifest/teams/manifest.json"), "utf8")) as { bots: { commandLists: { commands: { title: string; description: string }[] }[] }[] };

const BOT_ID = "28:oig-bot";
const teams = (text: string) => parseTeamsCommand(readMessageText({ text: `<at>oig-chatops</at> ${text}`, entities: [{ type: "mention", text: "<at>oig-chatops</at>", mentioned: { id: BOT_ID, name: "oig-chatops" } }], botId: BOT_ID }));
const words = (text: string): CommandToken<never>[] => [...text.matchAll(/\S+/g)].map((m) => ({ text: m[0], rest: text.slice((m.index ?? 0) + m[0].length).trim() }));

describe("the command table", () => {
  it("holds every subcommand once, in the order help lists them", () => {
    expect([...COMMAND_ORDER].sort()).toEqual(Object.keys(COMMANDS).sort());
    expect(new Set(COMMAND_ORDER).size).toBe(COMMAND_ORDER.length);
    for (const kind of COMMAND_ORDER) expect(COMMANDS[kind].kind).toBe(kind);
  });

  it("/sar help is the table's help lines, in table order", () => {
    expect(helpEntries()).toEqual(COMMAND_ORDER.map((kind) => COMMANDS[kind].help));
    for (const entry of helpEntries()) expect(entry.usage).toMatch(/^sar /);
  });

  it("names only permissions the policy knows", () => {
    for (const kind of COMMAND_ORDER) for (const action of COMMANDS[kind].permission) expect(ACTIONS).toContain(action);
  });

  it("the parser reaches every entry by its words, and a wrong use answers with the entry's usage", () => {
    for (const kind of COMMAND_ORDER) {
      const spec = COMMANDS[kind];
      if (spec.words.length === 0) continue;
      const parsed = parseCommand(words(spec.words.join(" ")));
      expect(parsed.kind === kind || (parsed.kind === "usage" && parsed.subcommand === kind), `${kind}: ${JSON.stringify(parsed)}`).toBe(true);
      const wrong = parseCommand(words(`${spec.words.join(" ")} a b c d e f`));
      if (wrong.kind === "usage") expect(wrong.usage).toBe(spec.usage);
    }
  });
});

describe("the manifests agree with the table, both ways", () => {
  it("Slack's usage_hint is exactly the table's hints, each of which the parser reads as its command", () => {
    expect(slackManifest.features.slash_commands[0]?.usage_hint).toBe(slackUsageHint());
    for (const kind of COMMAND_ORDER) {
      const hint = COMMANDS[kind].slackHint;
      if (hint !== undefined) expect(slackUsageHint().split(" | ")).toContain(hint);
    }
  });

  it("Teams' command list is exactly the table's menu rows, and each title is a word the parser knows", () => {
    const listed = teamsManifest.bots[0]?.commandLists[0]?.commands ?? [];
    expect(listed).toEqual(teamsCommandList());
    expect(listed.length).toBeLessThanOrEqual(10);
    for (const { title } of listed) expect(teams(title).kind).not.toBe("unknown");
  });
});

describe("one parser for both platforms", () => {
  const same = [
    ["status sar00000000000000001", { kind: "status", id: "sar00000000000000001" }],
    ["sar status sar00000000000000001", { kind: "status", id: "sar00000000000000001" }],
    ["requests PENDING dan@example.com", { kind: "requests", status: "PENDING", user: { text: "dan@example.com", name: { kind: "email", email: "dan@example.com" } } }],
    ["message req00000000000000001 call me", { kind: "message", requestId: "req00000000000000001", text: "call me" }],
    ["audit export 7d", { kind: "audit-export", since: "7d" }],
    ["review sar00000000000000001", { kind: "review", ref: "sar00000000000000001" }],
    ["sar review L7K2Q9X", { kind: "review", ref: "L7K2Q9X" }],
    ["review", { kind: "usage", subcommand: "review", usage: "review <sar… | launch reference>" }],
    ["audit L7K2Q9X", { kind: "audit", target: { text: "L7K2Q9X" } }],
    ["whoami now", { kind: "usage", subcommand: "whoami", usage: "whoami" }],
    ["version", { kind: "version" }],
    ["version please", { kind: "usage", subcommand: "version", usage: "version" }],
    ["dan@example.com phished", { kind: "launch", target: { text: "dan@example.com", name: { kind: "email", email: "dan@example.com" } }, reason: "phished" }],
    ["frobnicate", { kind: "unknown", word: "frobnicate" }],
  ] as const;

  it.each(same)("Slack and Teams read %j the same", (text, expected) => {
    expect(parseSarCommand(text)).toEqual(expected);
    expect(teams(text)).toEqual(expected);
  });

  // The two parsers this one replaced disagreed here: Slack took keys of at most 10
  // characters before the dash, Teams at most 9 digits after it. Both now take both.
  it.each([
    ["phished INC-4711", "INC-4711"],
    ["see CORPSECURITY-12 for details", "CORPSECURITY-12"],
    ["ticket INC-1234567890 escalated", "INC-1234567890"],
    ["no reference here", undefined],
  ])("finds the incident reference in %j on both platforms", (reason, ref) => {
    const slack = parseSarCommand(`dan@example.com ${reason}`);
    const team = teams(`sar dan@example.com ${reason}`);
    expect(slack.kind === "launch" ? slack.incidentRef : "not a launch").toBe(ref);
    expect(team.kind === "launch" ? team.incidentRef : "not a launch").toBe(ref);
  });
});

describe("/sar review", () => {
  it("opens the review's shared triage card through the table", async () => {
    const calls: unknown[] = [];
    const core = { openTriage: async (...args: unknown[]) => (calls.push(args), { type: "text", text: "card" }) } as unknown as GovernanceCore;
    const actor = { platform: "slack", tenantId: "T1", userId: "U1", correlationId: "c" } as const;
    const parsed = parseSarCommand("review L7K2Q9X");
    if (parsed.kind !== "review") throw new Error(`parsed as ${parsed.kind}`);
    await runCommand(core, actor, parsed, { conversation: { platform: "slack", tenantId: "T1", conversationId: "C1" } });
    expect(calls).toEqual([[actor, { ref: "L7K2Q9X", viewer: "shared" }]]);
    expect(COMMANDS.review.permission).toEqual(["sar.read"]);
  });
});

describe("/sar version", () => {
  it("answers with the core's name and version, through the table", async () => {
    const core = { version: () => ({ type: "version", name: "oig-chatops", version: "9.9.9" }) } as unknown as GovernanceCore;
    const actor = { platform: "slack", tenantId: "T1", userId: "U1", correlationId: "c" } as const;
    const parsed = parseSarCommand("version");
    if (parsed.kind !== "version") throw new Error(`parsed as ${parsed.kind}`);
    await expect(runCommand(core, actor, parsed, { conversation: { platform: "slack", tenantId: "T1", conversationId: "C1" } })).resolves.toEqual({ type: "version", name: "oig-chatops", version: "9.9.9" });
  });
});
