// The Teams app manifest and package: valid against the official v1.30
// schema, icons of the sizes Teams requires, command ids the adapter
// answers, and a zip with the bot's app id in place of the placeholder.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildTeamsPackage, MANIFEST_DIR, PLACEHOLDER_APP_ID } from "../../../scripts/teams-package.js";
import { EXTENSION_COMMANDS, SEARCH_PARAMETER } from "../../../src/adapters/teams/verbs.js";
import { sharedAbsentMessage, sharedPresent } from "../../support/shared-dir.js";
import { readPng, readZip } from "./support/png-zip.js";
import { describeErrors, teamsManifestValidator } from "./support/schemas.js";

interface Manifest {
  id: string;
  bots: { botId: string; scopes: string[]; commandLists: { commands: { title: string }[] }[] }[];
  composeExtensions: { botId: string; commands: { id: string; type: string; context?: string[]; fetchTask?: boolean; parameters?: { name: string }[] }[] }[];
  icons: { color: string; outline: string };
  validDomains: string[];
}

const manifestText = readFileSync(join(MANIFEST_DIR, "manifest.json"), "utf8");
const manifest = JSON.parse(manifestText) as Manifest;
const APP_ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
const schemaPresent = sharedPresent("schemas/teams-manifest");

describe.skipIf(!schemaPresent)(schemaPresent ? "Teams manifest against the v1.30 schema" : `Teams manifest schema checks: ${sharedAbsentMessage}`, () => {
  it("the committed manifest is valid", () => {
    const validate = teamsManifestValidator();
    expect(validate(manifest), describeErrors(validate.errors)).toBe(true);
  });

  it("the packaged manifest, with a real app id, is still valid", () => {
    const files = readZip(buildTeamsPackage({ appId: APP_ID, domain: "bot.contoso.example" }));
    const validate = teamsManifestValidator();
    expect(validate(JSON.parse(files.get("manifest.json")?.toString("utf8") ?? "{}")), describeErrors(validate.errors)).toBe(true);
  });

  it("the validator refuses a manifest that breaks the schema (it is not a no-op)", () => {
    const validate = teamsManifestValidator();
    expect(validate({ ...manifest, bots: [{ ...manifest.bots[0], botId: "not-a-guid" }] })).toBe(false);
  });
});

describe("Teams manifest content", () => {
  it("offers the bot in personal chat, teams and group chats with every command", () => {
    const bot = manifest.bots[0];
    expect(bot?.scopes.sort()).toEqual(["groupChat", "personal", "team"]);
    const titles = bot?.commandLists.flatMap((l) => l.commands.map((c) => c.title));
    expect(titles).toEqual(["sar", "status", "requests", "message", "watch", "review", "whoami", "link", "audit", "help"]);
  });

  it("has the launch action (compose box and message menu) and the search command the adapter answers", () => {
    const commands = manifest.composeExtensions[0]?.commands ?? [];
    const action = commands.find((c) => c.id === EXTENSION_COMMANDS.launch);
    expect(action).toMatchObject({ type: "action", fetchTask: true });
    expect(action?.context?.sort()).toEqual(["compose", "message"]);
    const search = commands.find((c) => c.id === EXTENSION_COMMANDS.search);
    expect(search?.type).toBe("query");
    expect(search?.parameters?.map((p) => p.name)).toEqual([SEARCH_PARAMETER]);
  });

  it("carries only the documented app id placeholder", () => {
    expect(manifest.id).toBe(PLACEHOLDER_APP_ID);
    expect(manifest.bots[0]?.botId).toBe(PLACEHOLDER_APP_ID);
    expect(manifest.composeExtensions[0]?.botId).toBe(PLACEHOLDER_APP_ID);
  });
});

describe("Teams icons", () => {
  it("the colour icon is 192x192 and opaque", () => {
    const png = readPng(readFileSync(join(MANIFEST_DIR, manifest.icons.color)));
    expect([png.width, png.height]).toEqual([192, 192]);
    const alpha = [...(png.rgba ?? Buffer.alloc(0))].filter((_, i) => i % 4 === 3);
    expect(alpha.every((a) => a === 255)).toBe(true);
  });

  it("the outline icon is 32x32, white on a transparent background", () => {
    const png = readPng(readFileSync(join(MANIFEST_DIR, manifest.icons.outline)));
    expect([png.width, png.height]).toEqual([32, 32]);
    const rgba = png.rgba ?? Buffer.alloc(0);
    const pixels = Array.from({ length: rgba.length / 4 }, (_, i) => [...rgba.subarray(i * 4, i * 4 + 4)]);
    expect(pixels.filter(([, , , a]) => (a ?? 0) > 0).every(([r, g, b]) => r === 255 && g === 255 && b === 255)).toBe(true);
    expect(pixels.some(([, , , a]) => a === 0)).toBe(true);
    expect(pixels.some(([, , , a]) => a === 255)).toBe(true);
  });
});

describe("Teams app package", () => {
  it("zips the manifest with the app id and domain substituted, and both icons unchanged", () => {
    const files = readZip(buildTeamsPackage({ appId: APP_ID, domain: "bot.contoso.example" }));
    expect([...files.keys()].sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    const packaged = JSON.parse(files.get("manifest.json")?.toString("utf8") ?? "{}") as Manifest;
    expect(packaged.id).toBe(APP_ID);
    expect(packaged.bots[0]?.botId).toBe(APP_ID);
    expect(packaged.composeExtensions[0]?.botId).toBe(APP_ID);
    expect(packaged.validDomains).toEqual(["bot.contoso.example"]);
    expect(files.get("color.png")?.equals(readFileSync(join(MANIFEST_DIR, "color.png")))).toBe(true);
    expect(files.get("outline.png")?.equals(readFileSync(join(MANIFEST_DIR, "outline.png")))).toBe(true);
  });

  it("refuses to package without a real app id or with a domain that is not a host", () => {
    expect(() => buildTeamsPackage({ appId: "" })).toThrow(/GUID/);
    expect(() => buildTeamsPackage({ appId: PLACEHOLDER_APP_ID })).toThrow(/GUID/);
    expect(() => buildTeamsPackage({ appId: APP_ID, domain: "https://x/y" })).toThrow(/host/);
  });

  it("gives the same bytes for the same input (reproducible packages)", () => {
    expect(buildTeamsPackage({ appId: APP_ID }).equals(buildTeamsPackage({ appId: APP_ID }))).toBe(true);
  });
});
