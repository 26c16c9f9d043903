/**
 * Slack's Socket Mode endpoint for tests: a WebSocket server (RFC 6455
 * framing by hand on node:http, text frames only) that says `hello`, sends
 * envelopes the way Slack does, and records the acks the app sends back.
 */
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";

export interface SocketModeServer {
  url: string;
  /** Messages the app sent (its acks: `{ envelope_id, payload }`). */
  readonly received: Record<string, unknown>[];
  /** Resolves once an app connected and was greeted. */
  connected(): Promise<void>;
  /** Sends an envelope to the connected app. */
  send(envelope: Record<string, unknown>): void;
  close(): Promise<void>;
}

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** A server frame (never masked): FIN, the opcode, the length in 7, 16 or 64 bits, the payload. */
function frame(opcode: number, payload: Buffer): Buffer {
  if (payload.length < 126) return Buffer.concat([Buffer.from([0x80 | opcode, payload.length]), payload]);
  if (payload.length < 65_536) return Buffer.concat([Buffer.from([0x80 | opcode, 126, payload.length >> 8, payload.length & 0xff]), payload]);
  const length = Buffer.alloc(8);
  length.writeBigUInt64BE(BigInt(payload.length));
  return Buffer.concat([Buffer.from([0x80 | opcode, 127]), length, payload]);
}

/** Reads complete client frames off `buffer`; returns them and what is left. */
function readFrames(buffer: Buffer): { frames: { opcode: number; payload: Buffer }[]; rest: Buffer } {
  const frames: { opcode: number; payload: Buffer }[] = [];
  let offset = 0;
  while (buffer.length - offset >= 2) {
    const opcode = (buffer[offset] ?? 0) & 0x0f;
    let length = (buffer[offset + 1] ?? 0) & 0x7f;
    let at = offset + 2;
    if (length === 126) {
      if (buffer.length < at + 2) break;
      length = buffer.readUInt16BE(at);
      at += 2;
    } else if (length === 127) {
      if (buffer.length < at + 8) break;
      length = Number(buffer.readBigUInt64BE(at));
      at += 8;
    }
    if (buffer.length < at + 4 + length) break;
    const mask = buffer.subarray(at, at + 4);
    const payload = Buffer.from(buffer.subarray(at + 4, at + 4 + length).map((byte, i) => byte ^ (mask[i % 4] ?? 0)));
    frames.push({ opcode, payload });
    offset = at + 4 + length;
  }
  return { frames, rest: buffer.subarray(offset) };
}

export async function startSocketModeServer(): Promise<SocketModeServer> {
  const received: Record<string, unknown>[] = [];
  const sockets = new Set<Duplex>();
  let current: Duplex | undefined;
  let greeted: () => void = () => undefined;
  const greeting = new Promise<void>((resolve) => {
    greeted = resolve;
  });
  const server: Server = createServer((_req, res) => {
    res.writeHead(426).end();
  });
  server.on("upgrade", (req, socket) => {
    sockets.add(socket);
    const key = String(req.headers["sec-websocket-key"] ?? "");
    const accept = createHash("sha1").update(key + GUID).digest("base64");
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    current = socket;
    let pending: Buffer = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      const { frames, rest } = readFrames(Buffer.concat([pending, chunk]));
      pending = rest;
      for (const { opcode, payload } of frames) {
        if (opcode === 0x1) received.push(JSON.parse(payload.toString("utf8")) as Record<string, unknown>);
        else if (opcode === 0x9) socket.write(frame(0xa, payload));
        else if (opcode === 0x8) socket.end(frame(0x8, payload));
      }
    });
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
    socket.write(frame(0x1, Buffer.from(JSON.stringify({ type: "hello", num_connections: 1, debug_info: { host: "fake" } }))));
    greeted();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/link/?ticket=test`,
    received,
    connected: () => greeting,
    send(envelope) {
      if (current === undefined) throw new Error("no Socket Mode client is connected");
      current.write(frame(0x1, Buffer.from(JSON.stringify(envelope))));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
