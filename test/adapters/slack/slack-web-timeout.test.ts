// A Slack Web API that accepts the connection and never answers must not hang the bot
// (auth.test at start-up, posts later): each request is abandoned after the client's timeout.
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackWebClient } from "../../../src/adapters/slack/slack-web.js";

describe("Slack Web API client timeout", () => {
  let server: Server;
  const sockets = new Set<Socket>();
  let accepted = 0;

  beforeAll(async () => {
    // Reads the request, never writes a byte back.
    server = createServer((socket) => {
      accepted += 1;
      sockets.add(socket);
      socket.on("data", () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("abandons auth.test when Slack never answers, instead of waiting for ever", async () => {
    const { port } = server.address() as AddressInfo;
    const client = createSlackWebClient({
      botToken: "xoxb-test-timeout-token-0000",
      apiUrl: `http://127.0.0.1:${port}/api/`,
      logger: pino({ level: "silent" }),
      retries: 0,
      timeoutMs: 300,
    });
    await expect(client.auth.test()).rejects.toThrow(/timeout/i);
    expect(accepted).toBeGreaterThanOrEqual(1);
  });
});
