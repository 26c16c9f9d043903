/**
 * The one HTTP server of the bot: Slack, Teams, health and metrics share a
 * port. Routes are exact `METHOD path` matches; each platform adapter mounts
 * its handler. A handler bug answers 500 and is logged; it never crashes
 * the process, and an unknown path gets a 404 JSON body.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";

export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface HttpServer {
  /** Registers a handler for `method` + exact `path` (query ignored). */
  route(method: string, path: string, handler: HttpHandler): void;
  /** Starts listening; resolves to the base URL (`http://127.0.0.1:3000`). */
  listen(port: number, host?: string): Promise<string>;
  /** Stops accepting connections, ends idle keep-alive sockets, waits for in-flight requests. */
  close(): Promise<void>;
  readonly server: Server;
}

/** Writes a JSON response (no-op when headers were already sent). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** Creates the bot's HTTP server. */
export function createHttpServer(options: { logger: Logger }): HttpServer {
  const routes = new Map<string, HttpHandler>();
  const key = (method: string, path: string): string => `${method.toUpperCase()} ${path}`;

  const server = createServer((req, res) => {
    let path: string;
    try {
      path = new URL(req.url ?? "/", "http://localhost").pathname;
    } catch {
      sendJson(res, 400, { error: "bad_request", message: "The request URL is not valid." });
      return;
    }
    const handler = routes.get(key(req.method ?? "GET", path));
    if (!handler) {
      const known = [...routes.keys()].some((k) => k.endsWith(` ${path}`));
      sendJson(res, known ? 405 : 404, known ? { error: "method_not_allowed" } : { error: "not_found", path });
      return;
    }
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        options.logger.error({ err: error, method: req.method, path }, "HTTP handler failed");
        sendJson(res, 500, { error: "internal_error", message: "The bot could not handle this request." });
      });
  });
  // A malformed request line or header must not take the process down.
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });

  return {
    server,
    route(method, path, handler) {
      routes.set(key(method, path), handler);
    },
    listen(port, host = "0.0.0.0") {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          const address = server.address() as AddressInfo;
          const shown = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
          resolve(`http://${shown}:${address.port}`);
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}
