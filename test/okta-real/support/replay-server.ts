/**
 * Serves recorded Okta interactions on loopback: one origin stands in for
 * the recorded org, another for its admin host (kept distinct, as Okta
 * keeps them), every recorded URL of either host rewritten to them. A call
 * nobody recorded goes to the `fallback` org (a sandbox) when one is given,
 * its own origins rewritten the same way, else it is answered 404 and noted.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Cassette, Interaction } from "./cassettes.js";

export interface Fallback {
  url: string;
  adminUrl: string;
}

export interface ReplayServer {
  orgUrl: string;
  adminUrl: string;
  /** Serves `cassette` from now on (and `fallback` for what it does not hold). */
  mount(cassette: Cassette, fallback?: Fallback): void;
  /** Calls answered from the recording, from the fallback, and missed, as `METHOD origin-role path?query`. */
  served: string[];
  forwarded: string[];
  missed: string[];
  close(): Promise<void>;
}

/** Query parameters a recording client added that do not change Okta's answer (terraform's `sortOrder=0`). */
const IGNORED = new Set(["sortOrder"]);

/** Method, decoded path and decoded query (keys sorted): how a call is matched to a recording. */
function key(method: string, url: URL): string {
  const query = [...url.searchParams.entries()]
    .filter(([k]) => !IGNORED.has(k))
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1));
  return `${method} ${decodeURIComponent(url.pathname)}?${query.map(([k, v]) => `${k}=${v}`).join("&")}`;
}

const HOP_BY_HOP = new Set(["content-encoding", "transfer-encoding", "content-length", "connection", "keep-alive"]);

export async function startReplayServer(): Promise<ReplayServer> {
  let cassette: Cassette | undefined;
  let fallback: Fallback | undefined;
  const used = new Set<Interaction>();
  const state = { served: [] as string[], forwarded: [] as string[], missed: [] as string[] };
  const origins = { org: "", admin: "" };

  const rewrite = (text: string, from: { org: string; admin: string }) =>
    text.replaceAll(from.admin, origins.admin).replaceAll(from.org, origins.org);

  const handle = async (role: "org" | "admin", req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", origins[role]);
    const wanted = key(req.method ?? "GET", url);
    const label = `${req.method} ${role} ${url.pathname}${url.search}`;
    const candidates = cassette?.interactions.filter((i) => key(i.method, i.url) === wanted) ?? [];
    // Each recorded answer once, in order; the last one again if the call repeats.
    const hit = candidates.find((i) => !used.has(i)) ?? candidates[candidates.length - 1];
    if (hit && cassette) {
      used.add(hit);
      state.served.push(label);
      const from = { org: `https://${cassette.orgHost}`, admin: `https://${cassette.adminHost}` };
      for (const [name, vals] of hit.headers) {
        if (!HOP_BY_HOP.has(name.toLowerCase())) res.setHeader(name, vals.map((v) => rewrite(v, from)));
      }
      res.writeHead(hit.status).end(rewrite(hit.body, from));
      return;
    }
    if (fallback) {
      state.forwarded.push(label);
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string" && name !== "host") headers.set(name, value);
      const target = new URL(`${url.pathname}${url.search}`, role === "admin" ? fallback.adminUrl : fallback.url);
      const answer = await fetch(target, { method: req.method ?? "GET", headers, ...(chunks.length > 0 && { body: Buffer.concat(chunks) }) });
      const from = { org: fallback.url, admin: fallback.adminUrl };
      answer.headers.forEach((value, name) => {
        if (!HOP_BY_HOP.has(name)) res.setHeader(name, rewrite(value, from));
      });
      res.writeHead(answer.status).end(rewrite(await answer.text(), from));
      return;
    }
    state.missed.push(label);
    res.writeHead(404, { "content-type": "application/json" }).end('{"errorCode":"E0000022","errorSummary":"not recorded"}');
  };

  const serve = (role: "org" | "admin"): Server =>
    createServer((req, res) => {
      handle(role, req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
    });
  const servers = { org: serve("org"), admin: serve("admin") };
  for (const role of ["org", "admin"] as const) {
    await new Promise<void>((resolve) => servers[role].listen(0, "127.0.0.1", resolve));
    origins[role] = `http://127.0.0.1:${(servers[role].address() as AddressInfo).port}`;
  }

  return {
    orgUrl: origins.org,
    adminUrl: origins.admin,
    mount(next, nextFallback) {
      cassette = next;
      fallback = nextFallback;
      used.clear();
    },
    ...state,
    async close() {
      for (const server of Object.values(servers)) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
