/**
 * A local Bot Connector (the service behind an activity's `serviceUrl`):
 * records what the bot posts, replies, updates and which members it looks
 * up, and answers like the real one. Tests point activities' `serviceUrl`
 * at it, so botbuilder's own HTTP client is exercised end to end.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A conversation member as the connector's members API returns it. */
export interface ConnectorMember {
  id: string;
  name?: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
}

/** An activity as the bot sent it (JSON); the fields tests read are typed. */
export interface WireActivity {
  type?: string;
  id?: string;
  text?: string;
  summary?: string;
  replyToId?: string;
  conversation?: { id?: string };
  attachments?: { contentType?: string; content?: unknown }[];
  [key: string]: unknown;
}

export interface PostedActivity {
  conversationId: string;
  /** Set for `POST .../activities/{replyToId}` (a reply). */
  replyToId?: string;
  /** The id the connector gave the new message. */
  id: string;
  activity: WireActivity;
  authorization?: string;
}

export interface UpdatedActivity {
  conversationId: string;
  activityId: string;
  activity: WireActivity;
  authorization?: string;
}

type Kind = "post" | "update" | "member";

export interface FakeBotConnector {
  /** The `serviceUrl` to put in activities (with a trailing slash, as Teams sends it). */
  readonly serviceUrl: string;
  readonly posted: PostedActivity[];
  readonly updated: UpdatedActivity[];
  readonly memberLookups: { conversationId: string; userId: string }[];
  readonly rosterLookups: string[];
  addMember(member: ConnectorMember): void;
  /** The next `times` calls of `kind` are refused with `status`. */
  refuseNext(kind: Kind, status: number, times?: number): void;
  /** Adaptive Card contents of everything posted (in order). */
  postedCards(): unknown[];
  /** Forgets everything recorded (between tests); members stay. */
  clear(): void;
  /** Polls until `read` returns a value; fails after `timeoutMs` naming `what`. */
  waitFor<T>(what: string, read: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      try {
        resolve(text === "" ? {} : JSON.parse(text));
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

const CARD = "application/vnd.microsoft.card.adaptive";

/** Starts a fake connector on a free loopback port. */
export async function startFakeBotConnector(): Promise<FakeBotConnector> {
  const posted: PostedActivity[] = [];
  const updated: UpdatedActivity[] = [];
  const memberLookups: { conversationId: string; userId: string }[] = [];
  const rosterLookups: string[] = [];
  const members = new Map<string, ConnectorMember>();
  const refusals: Record<Kind, number[]> = { post: [], update: [], member: [] };
  let next = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://connector");
    const parts = url.pathname.split("/").filter((p) => p !== "").map((p) => decodeURIComponent(p));
    const authorization = req.headers.authorization;
    const [v3, conversations, conversationId, resource, childId] = parts;
    if (v3 !== "v3" || conversations !== "conversations" || conversationId === undefined) return send(res, 404, { error: { code: "NotFound" } });
    const refused = (kind: Kind): boolean => {
      const status = refusals[kind].shift();
      if (status === undefined) return false;
      send(res, status, { error: { code: "Refused", message: "refused by the test" } });
      return true;
    };
    if (req.method === "POST" && resource === "activities") {
      const activity = (await readJson(req)) as WireActivity;
      if (refused("post")) return;
      const id = `bot-msg-${++next}`;
      posted.push({ conversationId, ...(childId !== undefined && { replyToId: childId }), id, activity, ...(authorization !== undefined && { authorization }) });
      return send(res, 201, { id });
    }
    if (req.method === "PUT" && resource === "activities" && childId !== undefined) {
      const activity = (await readJson(req)) as WireActivity;
      if (refused("update")) return;
      updated.push({ conversationId, activityId: childId, activity, ...(authorization !== undefined && { authorization }) });
      return send(res, 200, { id: childId });
    }
    if (req.method === "GET" && resource === "members" && childId !== undefined) {
      memberLookups.push({ conversationId, userId: childId });
      if (refused("member")) return;
      const member = members.get(childId);
      if (member === undefined) return send(res, 404, { error: { code: "MemberNotFoundInConversation", message: "The member was not found." } });
      return send(res, 200, member);
    }
    if (req.method === "GET" && resource === "pagedmembers") {
      rosterLookups.push(conversationId);
      // Like Teams (and Microsoft's playground): an empty continuation token is refused.
      if (url.searchParams.get("continuationToken") === "") return send(res, 403, { error: { code: "Forbidden", message: "empty continuationToken" } });
      const unique = [...new Map([...members.values()].map((m) => [m.id, m])).values()];
      return send(res, 200, { members: unique, continuationToken: null });
    }
    send(res, 404, { error: { code: "NotFound", message: `${req.method} ${url.pathname}` } });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 400, { error: { code: "BadRequest" } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    posted,
    updated,
    memberLookups,
    rosterLookups,
    addMember(member) {
      members.set(member.id, member);
      if (member.aadObjectId) members.set(member.aadObjectId, member);
    },
    refuseNext(kind, status, times = 1) {
      for (let i = 0; i < times; i++) refusals[kind].push(status);
    },
    clear() {
      posted.length = 0;
      updated.length = 0;
      memberLookups.length = 0;
      rosterLookups.length = 0;
    },
    postedCards() {
      return posted.flatMap((p) => (p.activity.attachments ?? []).filter((a) => a.contentType === CARD).map((a) => a.content));
    },
    async waitFor(what, read, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = read();
        if (value !== undefined && value !== null && value !== false) return value;
        if (Date.now() > deadline) throw new Error(`the fake Bot Connector never saw: ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
