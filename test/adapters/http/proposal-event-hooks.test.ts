// The event hook endpoint on its own HTTP server: Okta is answered before
// the delivery is handled (the handler is still waiting when the 200
// arrives), shutdown waits for handling in flight, and a custom secret
// header is the only one read.
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createEventHooksEndpoint, type EventHooksEndpoint } from "../../../src/adapters/http/event-hooks.js";
import { createHttpServer, type HttpServer } from "../../../src/adapters/http/server.js";
import type { DeliveryReport } from "../../../src/governance/proposals/index.js";
import { delivery, logEvent } from "../../governance/proposals/okta-event-fixtures.js";

const SECRET = "a-secret-of-sufficient-length-42";
let http: HttpServer | undefined;

afterEach(async () => {
  await http?.close();
  http = undefined;
});

async function serve(receive: (body: unknown) => Promise<DeliveryReport>, headerName = "authorization"): Promise<{ url: string; endpoint: EventHooksEndpoint }> {
  const logger = pino({ level: "silent" });
  http = createHttpServer({ logger });
  const endpoint = createEventHooksEndpoint({ secret: SECRET, headerName, receive, logger });
  endpoint.mount(http);
  const base = await http.listen(0, "127.0.0.1");
  return { url: `${base}/okta/event-hooks`, endpoint };
}

const user = { id: "00utest0000000000001", login: "t@example.com" };

describe("event hook endpoint", () => {
  it("answers 200 while the delivery is still being handled; drain waits for it", async () => {
    let finish: (() => void) | undefined;
    const received: unknown[] = [];
    const { url, endpoint } = await serve(async (body) => {
      received.push(body);
      await new Promise<void>((resolve) => (finish = resolve));
      return { outcomes: ["proposed"] };
    });
    const body = delivery([logEvent("security.threat.detected", user)]);
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: SECRET }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    expect(await endpoint.drain(50)).toBe(false);
    expect(received).toEqual([body]);
    finish?.();
    expect(await endpoint.drain(5_000)).toBe(true);
  });

  it("reads the secret only from the configured header", async () => {
    const received: unknown[] = [];
    const { url, endpoint } = await serve(async (body) => (received.push(body), { outcomes: [] }), "x-okta-hook-secret");
    const body = JSON.stringify(delivery([]));
    const inAuthorization = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: SECRET }, body });
    expect(inAuthorization.status).toBe(401);
    const inHeader = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-okta-hook-secret": SECRET }, body });
    expect(inHeader.status).toBe(200);
    const verify = await fetch(url, { headers: { "x-okta-hook-secret": SECRET, "x-okta-verification-challenge": "abc" } });
    expect(await verify.json()).toEqual({ verification: "abc" });
    expect(await endpoint.drain(5_000)).toBe(true);
    expect(received).toHaveLength(1);
  });

  it("a handler failure is logged, never answered as an error and never crashes the server", async () => {
    const { url, endpoint } = await serve(async () => {
      throw new Error("database down");
    });
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: SECRET }, body: JSON.stringify(delivery([])) });
    expect(res.status).toBe(200);
    expect(await endpoint.drain(5_000)).toBe(true);
    expect((await fetch(url, { headers: { authorization: SECRET, "x-okta-verification-challenge": "still-up" } })).status).toBe(200);
  });
});
