// What a person may type as a target, and what is refused (null) so that no
// free text, broadcast mention or filter fragment ever becomes a lookup.
import { describe, expect, it } from "vitest";
import { classifyName, parseTargetText } from "../../../src/governance/identity/index.js";

const slack = { platform: "slack" as const, tenantId: "T_DEMO" };

describe("parseTargetText", () => {
  it.each([
    ["<@U123ABC|dan.target>", { kind: "chat-user", user: { platform: "slack", tenantId: "T_DEMO", userId: "U123ABC", displayName: "dan.target" } }],
    ["<@U123ABC>", { kind: "chat-user", user: { platform: "slack", tenantId: "T_DEMO", userId: "U123ABC" } }],
    ["  <@W0ENTERPRISE>  ", { kind: "chat-user", user: { platform: "slack", tenantId: "T_DEMO", userId: "W0ENTERPRISE" } }],
    ["dan.target@example.com", { kind: "email", email: "dan.target@example.com" }],
    ["<mailto:dan.target@example.com|dan.target@example.com>", { kind: "email", email: "dan.target@example.com" }],
    ["o'brien+sec@mail.example.co.uk", { kind: "email", email: "o'brien+sec@mail.example.co.uk" }],
    ["00udemodan0000000000", { kind: "okta-id", id: "00udemodan0000000000" }],
    ["dan@corp", { kind: "login", login: "dan@corp" }],
  ])("reads %j as a target", (text, expected) => {
    expect(parseTargetText(text, slack)).toEqual(expected);
  });

  it("names the mentioned user in the workspace the caller says it was typed in", () => {
    const teams = { platform: "teams" as const, tenantId: "tenant-42" };
    expect(parseTargetText("<@U999>", teams)).toEqual({ kind: "chat-user", user: { platform: "teams", tenantId: "tenant-42", userId: "U999" } });
  });

  it.each([
    ["", "empty text"],
    ["   ", "blank text"],
    ["<!channel>", "a channel broadcast"],
    ["<!here>", "a here broadcast"],
    ["<!subteam^S123|@oncall>", "a user-group mention"],
    ["<#C123|incidents>", "a channel link"],
    ['" or "', "a bare filter fragment"],
    ['x" or status eq "ACTIVE@example.com', "an email carrying a filter clause"],
    ['dan@example.com" or "1', "an email followed by a filter clause"],
    ["dan target@example.com", "text with spaces"],
    ["dan.target", "a word without @"],
    ["<@U123|x><@U456>", "two mentions glued together"],
    ["<@u123>", "a mention with a lower-case id"],
    ["00udemodan000000000", "an Okta id one character short"],
    ["00udemodan0000000000x", "an Okta id one character long"],
    ["dan\n@example.com", "a line break"],
    ["dan@exa\u0000mple.com", "a NUL character"],
    ["<mailto:x\" or \"@example.com|x>", "a mailto link carrying a quote"],
    [`${"a".repeat(250)}@example.com`, "an email longer than 254 characters"],
    ["a@".repeat(100_000), "a very long string"],
    ["\\@example.com", "a backslash"],
  ])("refuses %j (%s)", (text) => {
    expect(parseTargetText(text, slack)).toBeNull();
  });
});

describe("classifyName", () => {
  it("tells Okta ids, emails and logins apart and refuses anything else", () => {
    expect(classifyName("00udemoerin000000000")).toEqual({ kind: "okta-id", id: "00udemoerin000000000" });
    expect(classifyName(" erin.reviewer@example.com ")).toEqual({ kind: "email", email: "erin.reviewer@example.com" });
    expect(classifyName("erin@corp")).toEqual({ kind: "login", login: "erin@corp" });
    expect(classifyName("<@U123>")).toBeNull();
    expect(classifyName("erin")).toBeNull();
  });
});
