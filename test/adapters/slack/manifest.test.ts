// The Slack app manifest is valid under Slack's own schema and names exactly
// the command, shortcut and scopes the adapter registers and calls.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import formatsPluginModule from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SLACK_EVENTS_PATH } from "../../../src/adapters/slack/index.js";
import { BOT_SCOPES, MESSAGE_SHORTCUT, SLASH_COMMAND, WEB_API_METHODS } from "../../../src/adapters/slack/surface.js";
import { repoRoot, sharedAbsentMessage, sharedDir, sharedPresent } from "../../support/shared-dir.js";

if (!sharedPresent()) console.warn(sharedAbsentMessage);

// ajv-formats is CommonJS: under NodeNext the default import is `module.exports`.
const addFormats = formatsPluginModule.default;

interface Manifest {
  features: {
    slash_commands: { command: string; url: string; should_escape?: boolean }[];
    shortcuts: { name: string; type: string; callback_id: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: { interactivity: { is_enabled: boolean; request_url: string }; socket_mode_enabled: boolean };
}

const manifestText = readFileSync(join(repoRoot, "manifest/slack/manifest.yaml"), "utf8");
const manifest = parse(manifestText) as Manifest;

describe("Slack manifest matches the adapter", () => {
  it("registers /sar with should_escape, so mentions arrive as <@U…|name>", () => {
    expect(manifest.features.slash_commands.map((c) => [c.command, c.should_escape])).toEqual([[SLASH_COMMAND, true]]);
  });

  it("declares the message shortcut the adapter listens for, with a name Slack accepts", () => {
    expect(manifest.features.shortcuts).toEqual([expect.objectContaining({ type: "message", callback_id: MESSAGE_SHORTCUT.callbackId, name: MESSAGE_SHORTCUT.name })]);
    expect(MESSAGE_SHORTCUT.name.length).toBeLessThanOrEqual(24);
  });

  it("requests exactly the bot scopes the adapter needs", () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
    for (const scope of Object.values(WEB_API_METHODS)) if (scope !== null) expect(manifest.oauth_config.scopes.bot).toContain(scope);
  });

  it("sends commands and interactions to the adapter's route", () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    for (const url of [manifest.settings.interactivity.request_url, ...manifest.features.slash_commands.map((c) => c.url)]) {
      expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
    }
  });

  it("leaves Socket Mode off and explains that it is for SLACK_APP_TOKEN", () => {
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifestText).toMatch(/SLACK_APP_TOKEN[\s\S]*socket_mode_enabled/);
  });
});

describe.skipIf(!sharedPresent("schemas/slack-manifest"))("Slack manifest against Slack's schema", () => {
  let validate: ValidateFunction;

  beforeAll(() => {
    const schema = JSON.parse(readFileSync(join(sharedDir, "schemas/slack-manifest/manifest.schema.2.0.0.json"), "utf8")) as Record<string, unknown>;
    // The schema is draft-07 (Ajv's default). It has two non-standard keywords: `_note`
    // (a comment) and `regex`, which is enforced here as a pattern is.
    // strictTypes is off: the official schema puts minItems on items without `type: array`.
    const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
    addFormats(ajv);
    ajv.addKeyword({ keyword: "_note" });
    ajv.addKeyword({ keyword: "regex", type: "string", schemaType: "string", validate: (pattern: string, value: string) => new RegExp(pattern).test(value) });
    validate = ajv.compile(schema);
  });

  it("accepts the manifest", () => {
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("would refuse the feature's full title as the shortcut name (over 24 characters)", () => {
    const tooLong = structuredClone(manifest);
    tooLong.features.shortcuts[0]!.name = "Start security access review";
    expect(validate(tooLong)).toBe(false);
  });

  it("would refuse a malformed background colour (the schema's regex keyword is applied)", () => {
    const bad = { ...structuredClone(manifest), display_information: { name: "oig-chatops", background_color: "#12345z" } };
    expect(validate(bad)).toBe(false);
  });
});

describe.skipIf(!sharedPresent("schemas/slack-web-api"))("Web API methods the adapter calls", () => {
  const spec = sharedPresent("schemas/slack-web-api")
    ? (JSON.parse(readFileSync(join(sharedDir, "schemas/slack-web-api/slack_web_openapi_v2.json"), "utf8")) as { paths: Record<string, Record<string, { security?: { slackAuth?: string[] }[] }>> })
    : { paths: {} };

  it.each(Object.entries(WEB_API_METHODS))("%s exists in Slack's Web API and needs the scope the manifest grants (%s)", (method, scope) => {
    const operation = Object.values(spec.paths[`/${method}`] ?? {})[0];
    expect(operation, `${method} is not in the Slack Web API spec`).toBeDefined();
    const scopes = operation?.security?.flatMap((s) => s.slackAuth ?? []) ?? [];
    // The 2020 spec names the old granular scopes (chat:write:bot); today's chat:write covers them.
    const needed = scopes.filter((s) => s !== "none" && !s.endsWith(":user")).map((s) => s.replace(/:bot$/, ""));
    expect(needed).toEqual(scope === null ? [] : [scope]);
  });
});
