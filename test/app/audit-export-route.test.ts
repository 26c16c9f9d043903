// `GET /audit/export` on its own (the real HTTP server, a scripted export
// service): off without a token, constant-time bearer check, streaming with
// backpressure to the end, and a failure mid-stream cuts the connection
// instead of ending a truncated file as if complete. Plus the settings and
// the chat command parsing.
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { bearerMatches, mountAuditExport } from "../../src/adapters/http/audit-export.js";
import { createHttpServer, type HttpServer } from "../../src/adapters/http/server.js";
import { parseSarCommand } from "../../src/adapters/slack/command/parse-command.js";
import { parseCommand } from "../../src/adapters/teams/parse/command.js";
import { loadConfig } from "../../src/config.js";
import type { AuditExportService, OpenedExport } from "../../src/governance/audit/index.js";

const TOKEN = "t".repeat(40);
const logger = pino({ level: "silent" });
let server: HttpServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(token: string | null, lines: (signal?: AbortSignal) => AsyncIterable<string>): Promise<{ url: string; opened: string[] }> {
  const opened: string[] = [];
  const ok = (): OpenedExport => ({ ok: true, since: null, filename: "x.jsonl", lines });
  const exports: Pick<AuditExportService, "openWithToken" | "openWithTicket"> = {
    openWithToken: async (input) => (opened.push(`token since=${input.since ?? ""}`), ok()),
    openWithTicket: async (ticket) => (opened.push(`ticket ${ticket}`), ticket === "good" ? ok() : { ok: false, status: 403, message: "This download link has expired or was already used." }),
  };
  server = createHttpServer({ logger });
  mountAuditExport(server, { token, exports, logger });
  return { url: await server.listen(0, "127.0.0.1"), opened };
}

async function* numbered(count: number): AsyncGenerator<string> {
  for (let i = 0; i < count; i++) yield `${JSON.stringify({ n: i, pad: "x".repeat(200) })}\n`;
}

describe("GET /audit/export", () => {
  it("answers 404 when no admin token is configured, and opens nothing", async () => {
    const { url, opened } = await serve(null, () => numbered(1));
    const res = await fetch(`${url}/audit/export`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(404);
    expect(opened).toEqual([]);
  });

  it("still honours a ticket when no token is configured", async () => {
    const { url } = await serve(null, () => numbered(2));
    expect((await fetch(`${url}/audit/export?ticket=good`)).status).toBe(200);
    expect((await fetch(`${url}/audit/export?ticket=bad`)).status).toBe(403);
  });

  it("streams every line to the end, with since passed through", async () => {
    const { url, opened } = await serve(TOKEN, () => numbered(5000));
    const res = await fetch(`${url}/audit/export?since=7d`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trimEnd().split("\n").map((l) => (JSON.parse(l) as { n: number }).n);
    expect(lines).toEqual([...Array(5000).keys()]);
    expect(opened).toEqual(["token since=7d"]);
  });

  it("cuts the connection when the export fails mid-stream", async () => {
    async function* failing(): AsyncGenerator<string> {
      yield '{"n":0}\n';
      throw new Error("database went away");
    }
    const { url } = await serve(TOKEN, () => failing());
    // Whether or not the status line got out first, the client never sees a complete answer.
    await expect(fetch(`${url}/audit/export`, { headers: { authorization: `Bearer ${TOKEN}` } }).then((res) => res.text())).rejects.toThrow();
  });

  it("matches the bearer token exactly", () => {
    expect(bearerMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    for (const header of [undefined, "", "Bearer ", `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, TOKEN, `Basic ${TOKEN}`, `Bearer ${TOKEN} extra`]) {
      expect(bearerMatches(header, TOKEN)).toBe(false);
    }
  });
});

describe("audit export settings", () => {
  const base = { POLICY_FILE: "./policy.yaml" };
  it("reads AUDIT_EXPORT_TOKEN and PUBLIC_URL, off when blank", () => {
    expect(loadConfig(base, { cwd: "/srv" }).auditExport).toEqual({ token: null });
    expect(loadConfig(base, { cwd: "/srv" }).publicUrl).toBeNull();
    const config = loadConfig({ ...base, AUDIT_EXPORT_TOKEN: TOKEN, PUBLIC_URL: "https://bot.example.com/chatops/" }, { cwd: "/srv" });
    expect(config.auditExport.token).toBe(TOKEN);
    expect(config.publicUrl?.href).toBe("https://bot.example.com/chatops/");
  });

  it.each([
    [{ AUDIT_EXPORT_TOKEN: "short" }, "AUDIT_EXPORT_TOKEN must be 32 to 1024 characters (it has 5)"],
    [{ PUBLIC_URL: "bot.example.com" }, "PUBLIC_URL must be an absolute URL"],
    [{ PUBLIC_URL: "http://bot.example.com" }, "PUBLIC_URL must use https"],
    [{ PUBLIC_URL: "https://bot.example.com/?x=1" }, "PUBLIC_URL must be a plain base URL"],
  ])("refuses %j naming the variable", (env, message) => {
    expect(() => loadConfig({ ...base, ...env }, { cwd: "/srv" })).toThrow(message);
  });

  it("never echoes the token in its message", () => {
    expect(() => loadConfig({ ...base, AUDIT_EXPORT_TOKEN: "secret-but-short" }, { cwd: "/srv" })).toThrow(/AUDIT_EXPORT_TOKEN/);
    expect(() => loadConfig({ ...base, AUDIT_EXPORT_TOKEN: "secret-but-short" }, { cwd: "/srv" })).not.toThrow(/secret-but-short/);
  });
});

describe("the export commands", () => {
  it("parses `/sar audit export [since]` in Slack", () => {
    expect(parseSarCommand("audit export")).toEqual({ kind: "audit-export" });
    expect(parseSarCommand("audit EXPORT 7d")).toEqual({ kind: "audit-export", since: "7d" });
    expect(parseSarCommand("audit export 7d more")).toMatchObject({ kind: "usage" });
    expect(parseSarCommand("audit sar00000000000000001")).toEqual({ kind: "audit", target: { text: "sar00000000000000001" } });
  });

  it("parses `audit export [since]` in Teams", () => {
    expect(parseCommand({ text: "audit export 2026-11-01", mentions: [] })).toEqual({ kind: "audit-export", since: "2026-11-01" });
    expect(parseCommand({ text: "sar audit export", mentions: [] })).toEqual({ kind: "audit-export" });
    expect(parseCommand({ text: "audit export 7d extra", mentions: [] })).toMatchObject({ kind: "usage" });
  });
});
