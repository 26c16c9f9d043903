// POST /api/messages takes only well-formed activities: bad bodies get a
// 4xx with a message and change nothing, random activities never crash
// the bot, and local mode takes requests from this machine only.
import type { IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromThisMachine } from "../../../src/adapters/teams/http/messages-endpoint.js";
import { FakeCore } from "./support/fake-core.js";
import { recordingLogger, startTeamsHarness, type TeamsHarness } from "./support/teams-harness.js";
import { plainMessage, teamsUser } from "../../../src/fakes/teams-client.js";

const alice = teamsUser("alice", "alice.responder@example.com");

const validMessage = (h: TeamsHarness, text = "help") => plainMessage(h.connector.serviceUrl, alice, text);

/** A small deterministic generator, so a failing case can be replayed. */
function random(seed: number) {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const junk = (depth: number): unknown => {
    const kinds = depth > 2 ? ["s", "n", "b", "null"] : ["s", "n", "b", "null", "arr", "obj"];
    switch (pick(kinds)) {
      case "s":
        return pick(["", "<at>x</at>", "a".repeat(300), "\u0000", "sar", "req00000000000000001", "Action.Execute", "[x](https://e)"]);
      case "n":
        return pick([0, -1, 1e308, Number.MAX_SAFE_INTEGER]);
      case "b":
        return next() > 0.5;
      case "null":
        return null;
      case "arr":
        return Array.from({ length: Math.floor(next() * 4) }, () => junk(depth + 1));
      default:
        return Object.fromEntries(Array.from({ length: Math.floor(next() * 5) }, () => [pick(["action", "verb", "data", "commandId", "text", "id", "value", "type", "parameters", "messagePayload"]), junk(depth + 1)]));
    }
  };
  return { next, pick, junk };
}

describe("Teams /api/messages input handling", () => {
  let h: TeamsHarness;
  const core = new FakeCore();
  const log = recordingLogger();
  beforeAll(async () => {
    h = await startTeamsHarness({ core, logger: log.logger });
  });
  afterAll(async () => h?.close());

  it("answers malformed JSON with 400 and a message, and processes nothing", async () => {
    const res = await h.client.send('{"type": "message", "text": ', { raw: true });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: "bad_request", message: "The body is not valid JSON." });
    expect(core.calls).toHaveLength(0);
  });

  it("answers JSON that is not an activity with 400 naming what is missing", async () => {
    for (const [body, message] of [
      [[1, 2], /JSON object/],
      [42, /JSON object/],
      [{ ...validMessage(h), type: undefined }, /no type/],
      [{ ...validMessage(h), serviceUrl: "ftp://x" }, /serviceUrl/],
      [{ ...validMessage(h), conversation: "c" }, /conversation/],
      [{ ...validMessage(h), from: {} }, /who sent it/],
      [{ ...validMessage(h), entities: "x" }, /entities/],
      [{ ...validMessage(h), text: { html: true } }, /text/],
      [{ ...validMessage(h), conversation: { id: "19:x", tenantId: { id: "t" } } }, /conversation\.tenantId/],
    ] as const) {
      const res = await h.client.send(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body).toMatchObject({ message: expect.stringMatching(message) });
    }
    expect(core.calls).toHaveLength(0);
  });

  it("refuses other content types and oversized bodies", async () => {
    expect((await h.client.send("type=message", { raw: true, headers: { "content-type": "application/x-www-form-urlencoded" } })).status).toBe(415);
    const huge = await h.client.send({ ...validMessage(h), text: "x".repeat(600 * 1024) });
    expect(huge.status).toBe(413);
    expect(core.calls).toHaveLength(0);
  });

  it("answers an invoke it does not handle with 400 naming it", async () => {
    const res = await h.client.send({ ...validMessage(h), type: "invoke", name: "tab/fetch", value: {} });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: "unsupported", message: expect.stringContaining("tab/fetch") });
  });

  it("answers a card action without an action with 400", async () => {
    for (const value of [undefined, null, {}, { action: "x" }, { action: { type: "Action.Submit", verb: "launch.approve" } }, { action: { type: "Action.Execute", verb: "" } }]) {
      const res = await h.client.send({ ...validMessage(h), type: "invoke", name: "adaptiveCard/action", value });
      expect(res.status, JSON.stringify(value)).toBe(400);
    }
    expect(core.actions()).toEqual([]);
  });

  it("survives a thousand random activities: no 5xx, and it still answers afterwards", async () => {
    const r = random(4711);
    const names = ["adaptiveCard/action", "composeExtension/fetchTask", "composeExtension/submitAction", "composeExtension/query", "task/fetch", "signin/verifyState", "x"];
    const types = ["message", "invoke", "conversationUpdate", "messageReaction", "typing", "event", "installationUpdate", "bogus"];
    for (let i = 0; i < 1000; i++) {
      const activity: Record<string, unknown> = { ...validMessage(h), type: r.pick(types), name: r.pick(names), value: r.junk(0), text: r.pick(["", "help", "sar", "status x", "<at>oig-chatops</at> requests a b c"]) };
      if (r.next() > 0.7) activity.entities = [r.junk(1)];
      if (r.next() > 0.8) activity.channelData = r.junk(0);
      if (r.next() > 0.9) activity.conversation = { id: "19:x", tenantId: r.junk(2) };
      const res = await h.client.send(activity);
      expect(res.status, JSON.stringify(activity).slice(0, 300)).toBeLessThan(500);
    }
    // Handlers catch their own failures; none may have happened.
    const failures = log.lines.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
    expect(failures).toEqual([]);
    const posted = h.connector.posted.length;
    expect((await h.client.send(validMessage(h, "help"))).status).toBe(200);
    await h.connector.waitFor("the help answer after the storm", () => h.connector.posted.length > posted);
  }, 120_000);
});

describe("Teams local mode", () => {
  let h: TeamsHarness;
  const core = new FakeCore();
  beforeAll(async () => {
    h = await startTeamsHarness({ core });
  });
  afterAll(async () => h?.close());

  it("refuses an activity forwarded by a proxy (it may come from anywhere) with 403", async () => {
    const res = await h.client.send(validMessage(h), { headers: { "x-forwarded-for": "203.0.113.7" } });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: "forbidden" });
    expect(core.calls).toHaveLength(0);
  });

  it("counts loopback addresses, and nothing else, as this machine", () => {
    const req = (remoteAddress: string, headers: Record<string, string> = {}) => ({ headers, socket: { remoteAddress } }) as unknown as Pick<IncomingMessage, "headers" | "socket">;
    for (const local of ["127.0.0.1", "127.10.0.3", "::1", "::ffff:127.0.0.1"]) expect(fromThisMachine(req(local)), local).toBe(true);
    for (const remote of ["10.0.0.5", "192.168.1.2", "::ffff:10.1.1.1", "fe80::1", "1.127.0.0", ""]) expect(fromThisMachine(req(remote)), remote).toBe(false);
    expect(fromThisMachine(req("127.0.0.1", { forwarded: "for=198.51.100.1" }))).toBe(false);
  });

  it("answers 503 once the adapter is stopping", async () => {
    const other = await startTeamsHarness({ core: new FakeCore() });
    await other.adapter.stop();
    const res = await other.client.send(validMessage(other));
    expect(res.status).toBe(503);
    await other.close();
  });
});
