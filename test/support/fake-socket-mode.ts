/**
 * Slack's Socket Mode endpoint for tests, on the `ws` package. It hands out
 * single-use `ws://` URLs (plug `nextUrl` into the fake Slack API's
 * `apps.connections.open`), takes any number of connections (an app may hold
 * up to 10), greets each with `hello`, and lets a test play Slack: deliver an
 * envelope to a chosen connection, deliver it again to another with
 * `retry_attempt`/`retry_reason` when it is not acked in time, deliver the
 * same envelope to two connections, send `disconnect`. Every ack
 * (`{ envelope_id, payload? }`) is recorded with the connection it came on.
 */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export type EnvelopeType = "slash_commands" | "interactive" | "events_api";

/** What Slack sends for each command, interaction or event. */
export interface Envelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt: number;
  retry_reason: string;
}

export interface SocketConnection {
  /** 1, 2, ... in the order the apps connected. */
  readonly id: number;
  readonly open: boolean;
  /** Envelopes sent on this connection, in order. */
  readonly delivered: readonly Envelope[];
}

export interface SocketAck {
  connection: number;
  envelopeId: string;
  /** The ack's payload (a command's reply, a view submission's `response_action`), when it had one. */
  payload?: Record<string, unknown>;
}

/** How one `deliverUntilAcked` went: the connections tried, in order, and the first that acked in time. */
export interface DeliveryOutcome {
  tried: number[];
  ackedOn: number | undefined;
}

export interface FakeSocketMode {
  /** A fresh single-use URL, as `apps.connections.open` answers; a ticket used twice is refused. */
  nextUrl(): string;
  readonly connections: readonly SocketConnection[];
  /** Waits until `count` connections are open; returns the open ones, in connect order. */
  waitForOpen(count: number, timeoutMs?: number): Promise<SocketConnection[]>;
  /** A first-attempt envelope for `payload` (slash commands and interactions accept a response payload). */
  envelope(type: EnvelopeType, payload: Record<string, unknown>): Envelope;
  /** Sends `envelope` on connection `id` as it is. */
  deliver(id: number, envelope: Envelope): void;
  /** `envelope` as Slack re-sends it: `retry_attempt` raised by `attempts`, `retry_reason` set. */
  retryOf(envelope: Envelope, attempts?: number, reason?: string): Envelope;
  /**
   * Slack's delivery: to `order[0]`; when no ack arrives within `ackTimeoutMs`,
   * again on the next connection as `retryOf` it, until one acks or `order`
   * is used up. Acks on `lostAcksOn` are recorded but count as never having
   * reached Slack (the ack was lost on the way: Slack retries elsewhere).
   */
  deliverUntilAcked(envelope: Envelope, order: readonly number[], options?: { ackTimeoutMs?: number; lostAcksOn?: readonly number[] }): Promise<DeliveryOutcome>;
  /** Every ack received, in order. */
  readonly acks: readonly SocketAck[];
  acksOf(envelopeId: string): SocketAck[];
  /** Waits for the ack of `envelopeId` on connection `id`. */
  waitForAck(envelopeId: string, id: number, timeoutMs?: number): Promise<SocketAck>;
  /** Sends Slack's `disconnect` on connection `id` and waits until the app closed it. */
  disconnect(id: number, reason?: "refresh_requested" | "warning" | "link_disabled"): Promise<void>;
  close(): Promise<void>;
}

/** Slack's ack deadline. */
export const SOCKET_ACK_TIMEOUT_MS = 3_000;

interface Connection extends SocketConnection {
  open: boolean;
  delivered: Envelope[];
  socket: WebSocket;
  closed: Promise<void>;
}

async function poll<T>(what: string, found: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = found();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`fake Socket Mode: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Starts the fake on 127.0.0.1 (random port). */
export async function startFakeSocketMode(options: { appId?: string } = {}): Promise<FakeSocketMode> {
  const appId = options.appId ?? "A0OIGCHATOPS";
  const tickets = new Set<string>();
  const connections: Connection[] = [];
  const acks: SocketAck[] = [];

  const server = new WebSocketServer({
    host: "127.0.0.1",
    port: 0,
    // Slack's tickets are single-use: an unknown or reused one is refused at the handshake.
    verifyClient: ({ req }, done) => {
      const ticket = new URL(req.url ?? "/", "ws://fake").searchParams.get("ticket") ?? "";
      done(tickets.delete(ticket), 401, "invalid ticket");
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link/`;

  server.on("connection", (socket) => {
    const id = connections.length + 1;
    let closedNow: () => void = () => undefined;
    const connection: Connection = { id, open: true, delivered: [], socket, closed: new Promise<void>((resolve) => (closedNow = resolve)) };
    connections.push(connection);
    socket.on("message", (data: Buffer, isBinary: boolean) => {
      if (isBinary) return;
      let message: unknown;
      try {
        message = JSON.parse(data.toString("utf8"));
      } catch {
        return;
      }
      const envelopeId = (message as { envelope_id?: unknown }).envelope_id;
      if (typeof envelopeId !== "string") return;
      const payload = (message as { payload?: unknown }).payload;
      const hasPayload = typeof payload === "object" && payload !== null && Object.keys(payload).length > 0;
      acks.push({ connection: id, envelopeId, ...(hasPayload && { payload: payload as Record<string, unknown> }) });
    });
    socket.on("error", () => undefined);
    socket.on("close", () => {
      connection.open = false;
      closedNow();
    });
    const open = connections.filter((c) => c.open).length;
    socket.send(JSON.stringify({ type: "hello", num_connections: open, connection_info: { app_id: appId }, debug_info: { host: "fake-socket-mode", build_number: 1, approximate_connection_time: 18_060 } }));
  });

  const connection = (id: number): Connection => {
    const found = connections[id - 1];
    if (found === undefined) throw new Error(`fake Socket Mode: no connection ${id} (there are ${connections.length})`);
    return found;
  };

  const deliver = (id: number, envelope: Envelope): void => {
    const target = connection(id);
    if (!target.open) throw new Error(`fake Socket Mode: connection ${id} is closed`);
    target.delivered.push(envelope);
    target.socket.send(JSON.stringify(envelope));
  };

  const retryOf = (envelope: Envelope, attempts = 1, reason = "timeout"): Envelope => ({ ...envelope, retry_attempt: envelope.retry_attempt + attempts, retry_reason: reason });

  const acked = (envelopeId: string, id: number) => acks.find((a) => a.envelopeId === envelopeId && a.connection === id);

  return {
    nextUrl() {
      const ticket = randomUUID();
      tickets.add(ticket);
      return `${base}?ticket=${ticket}&app_id=${appId}`;
    },
    connections,
    waitForOpen: (count, timeoutMs = 15_000) =>
      poll(
        `${count} open connections`,
        () => {
          const open = connections.filter((c) => c.open);
          return open.length >= count ? open : undefined;
        },
        timeoutMs,
      ),
    envelope: (type, payload) => ({ envelope_id: randomUUID(), type, payload, accepts_response_payload: type !== "events_api", retry_attempt: 0, retry_reason: "" }),
    deliver,
    retryOf,
    async deliverUntilAcked(envelope, order, { ackTimeoutMs = SOCKET_ACK_TIMEOUT_MS, lostAcksOn = [] } = {}) {
      const tried: number[] = [];
      for (const [attempt, id] of order.entries()) {
        tried.push(id);
        deliver(id, attempt === 0 ? envelope : retryOf(envelope, attempt));
        const ack = await poll(`the ack of ${envelope.envelope_id} on connection ${id}`, () => acked(envelope.envelope_id, id), ackTimeoutMs).catch(() => undefined);
        if (ack !== undefined && !lostAcksOn.includes(id)) return { tried, ackedOn: id };
      }
      return { tried, ackedOn: undefined };
    },
    acks,
    acksOf: (envelopeId) => acks.filter((a) => a.envelopeId === envelopeId),
    waitForAck: (envelopeId, id, timeoutMs = 15_000) => poll(`the ack of ${envelopeId} on connection ${id}`, () => acked(envelopeId, id), timeoutMs),
    async disconnect(id, reason = "refresh_requested") {
      const target = connection(id);
      target.socket.send(JSON.stringify({ type: "disconnect", reason, debug_info: { host: "fake-socket-mode" } }));
      await target.closed;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of connections) c.socket.terminate();
        server.close(() => resolve());
      }),
  };
}
