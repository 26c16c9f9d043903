import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordingFetch } from "./recording-fetch.js";

let server: Server;
let base: string;
const received: { method: string; url: string; body: string }[] = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    received.push({ method: req.method ?? "", url: req.url ?? "", body });
    if (req.url === "/text") {
      res.writeHead(200, { "content-type": "text/plain" }).end("plain words");
    } else if (req.url === "/empty") {
      res.writeHead(204).end();
    } else {
      res.writeHead(201, { "content-type": "application/json; charset=utf-8", "x-rate-limit-remaining": "49" });
      res.end(JSON.stringify({ echoed: body, method: req.method }));
    }
  });
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

describe("recordingFetch", () => {
  it("records a JSON exchange and the caller can still read the response body", async () => {
    const { fetch: recording, exchanges } = recordingFetch();
    const response = await recording(`${base}/things?limit=2`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "SSWS x" },
      body: JSON.stringify({ name: "a" }),
    });
    expect(await response.json()).toEqual({ echoed: '{"name":"a"}', method: "POST" });
    expect(exchanges).toEqual([
      {
        request: {
          method: "POST",
          url: `${base}/things?limit=2`,
          headers: expect.objectContaining({ "content-type": "application/json", authorization: "SSWS x" }) as unknown,
          body: { name: "a" },
        },
        response: {
          status: 201,
          headers: expect.objectContaining({ "x-rate-limit-remaining": "49" }) as unknown,
          body: { echoed: '{"name":"a"}', method: "POST" },
        },
      },
    ]);
  });

  it("decodes a form body into fields, repeated fields as arrays, and the server gets it intact", async () => {
    const { fetch: recording, exchanges } = recordingFetch();
    const form = new URLSearchParams([["grant_type", "client_credentials"], ["scope", "a b"], ["x", "1"], ["x", "2"]]);
    await (await recording(`${base}/oauth2/v1/token`, { method: "POST", body: form })).text();
    expect(exchanges[0]?.request.body).toEqual({ grant_type: "client_credentials", scope: "a b", x: ["1", "2"] });
    expect(received.at(-1)?.body).toBe(form.toString());
  });

  it("keeps non-JSON bodies as text and an empty body as undefined", async () => {
    const { fetch: recording, exchanges } = recordingFetch();
    await (await recording(`${base}/text`)).text();
    await recording(`${base}/empty`, { method: "DELETE" });
    expect(exchanges.map((e) => [e.request.method, e.request.body, e.response.status, e.response.body])).toEqual([
      ["GET", undefined, 200, "plain words"],
      ["DELETE", undefined, 204, undefined],
    ]);
  });

  it("passes requests through the injected inner fetch", async () => {
    const seen: string[] = [];
    const inner: typeof fetch = async (input, init) => {
      seen.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    };
    const { fetch: recording, exchanges } = recordingFetch(inner);
    await (await recording(`${base}/via-inner`)).json();
    expect(seen).toEqual([`${base}/via-inner`]);
    expect(exchanges).toHaveLength(1);
  });

  it("records nothing for a request that never got a response", async () => {
    const { fetch: recording, exchanges } = recordingFetch(async () => {
      throw new TypeError("fetch failed");
    });
    await expect(recording(`${base}/down`)).rejects.toThrow("fetch failed");
    expect(exchanges).toEqual([]);
  });
});
