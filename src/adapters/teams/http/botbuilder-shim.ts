/**
 * botbuilder's `Request`/`Response` over our own HTTP server: the request
 * carries the body we already read and checked; the response is buffered,
 * so the endpoint decides what is finally written (and can replace
 * botbuilder's plain-text errors with our JSON ones).
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Request, Response } from "botbuilder";

export function requestShim(activity: Record<string, unknown>, headers: IncomingHttpHeaders): Request {
  return { method: "POST", body: activity, headers };
}

export class BufferedResponse implements Response {
  readonly socket = null;
  statusCode = 200;
  body: unknown = undefined;
  readonly headers: Record<string, string> = {};
  ended = false;

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  header(name: string, value: unknown): this {
    this.headers[name.toLowerCase()] = String(value);
    return this;
  }

  send(body?: unknown): this {
    this.body = body;
    return this;
  }

  end(): this {
    this.ended = true;
    return this;
  }
}
