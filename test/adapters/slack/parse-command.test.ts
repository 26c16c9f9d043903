// `/sar` text (sent with should_escape, so mentions arrive as <@U…|name>) maps to one core action or to usage.
import { describe, expect, it } from "vitest";
import { parseSarCommand, type SarCommand } from "../../../src/adapters/slack/command/parse-command.js";

const dan = { text: "<@U0TARGET|dan.target>", mention: { userId: "U0TARGET", name: "dan.target" } };
const danEmail = { text: "dan.target@example.com", name: { kind: "email", email: "dan.target@example.com" } } as const;

const table: [text: string, expected: SarCommand][] = [
  ["", { kind: "help" }],
  ["   ", { kind: "help" }],
  ["help", { kind: "help" }],
  ["HELP", { kind: "help" }],
  [
    "<@U0TARGET|dan.target> suspicious OAuth grant INC-4711",
    { kind: "launch", target: dan, reason: "suspicious OAuth grant INC-4711", incidentRef: "INC-4711" },
  ],
  ["<@U0TARGET>", { kind: "launch", target: { text: "<@U0TARGET>", mention: { userId: "U0TARGET" } } }],
  ["<mailto:dan.target@example.com|dan.target@example.com> phished", { kind: "launch", target: danEmail, reason: "phished" }],
  ["dan.target@example.com  impossible travel\nsecond line", { kind: "launch", target: danEmail, reason: "impossible travel\nsecond line" }],
  ["00udemodan0000000000 ITP risk HIGH", { kind: "launch", target: { text: "00udemodan0000000000", name: { kind: "okta-id", id: "00udemodan0000000000" } }, reason: "ITP risk HIGH" }],
  ["status reqdemodanpending000", { kind: "status", id: "reqdemodanpending000" }],
  ["Status sar00000000000000001", { kind: "status", id: "sar00000000000000001" }],
  ["status", { kind: "usage", subcommand: "status", usage: "status <sar… | req…>" }],
  ["status a b", { kind: "usage", subcommand: "status", usage: "status <sar… | req…>" }],
  ["requests", { kind: "requests" }],
  ["requests PENDING", { kind: "requests", status: "PENDING" }],
  ["requests <@U0TARGET|dan.target>", { kind: "requests", user: dan }],
  ["requests approved <@U0TARGET|dan.target>", { kind: "requests", status: "approved", user: dan }],
  ["requests <@U0TARGET|dan.target> DENIED", { kind: "requests", status: "DENIED", user: dan }],
  ["requests a b c", { kind: "usage", subcommand: "requests", usage: "requests [STATUS] [@user]" }],
  ["message reqdemodanpending000 Please add the ticket <!channel> \"now\"", { kind: "message", requestId: "reqdemodanpending000", text: 'Please add the ticket <!channel> "now"' }],
  ["message reqdemodanpending000", { kind: "usage", subcommand: "message", usage: "message <req…> <text>" }],
  ["watch reqdemodanpending000", { kind: "watch", id: "reqdemodanpending000" }],
  ["whoami", { kind: "whoami" }],
  ["whoami please", { kind: "usage", subcommand: "whoami", usage: "whoami" }],
  ["link <@U0BOB|bob.lead> bob.lead@example.com", { kind: "link", user: { userId: "U0BOB", name: "bob.lead" }, oktaLogin: "bob.lead@example.com" }],
  ["link bob bob.lead@example.com", { kind: "usage", subcommand: "link", usage: "link @user <okta-login | 00u…>" }],
  ["link <@U0BOB>", { kind: "usage", subcommand: "link", usage: "link @user <okta-login | 00u…>" }],
  ["audit", { kind: "audit" }],
  ["audit <@U0TARGET|dan.target>", { kind: "audit", target: dan }],
  ["audit L7K2Q9X", { kind: "audit", target: { text: "L7K2Q9X" } }],
  ["audit a b", { kind: "usage", subcommand: "audit", usage: "audit [@user | sar… | req… | launch reference]" }],
  ["frobnicate now", { kind: "unknown", word: "frobnicate" }],
  ["<!channel> everyone look", { kind: "unknown", word: "<!channel>" }],
  ["\"; DROP TABLE launches; --", { kind: "unknown", word: '";' }],
];

describe("parseSarCommand", () => {
  it.each(table)("reads %j", (text, expected) => {
    expect(parseSarCommand(text)).toEqual(expected);
  });

  it("treats a missing or non-string text as help, never throwing", () => {
    expect(parseSarCommand(undefined)).toEqual({ kind: "help" });
    expect(parseSarCommand({ text: "status" })).toEqual({ kind: "help" });
  });

  it("reads a 40,000-character line without trouble", () => {
    const parsed = parseSarCommand(`dan.target@example.com ${"a ".repeat(20_000)}`);
    expect(parsed.kind).toBe("launch");
  });
});
