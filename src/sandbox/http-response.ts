/** Writes a sandbox response: JSON body (or text with its own Content-Type), merged headers (case-insensitive, later wins). */
import type { ServerResponse } from "node:http";
import type { SandboxResponse } from "./contract.js";

/** Sends `response` unless the connection is already gone; returns the status sent (0: nothing sent). */
export function sendResponse(res: ServerResponse, response: SandboxResponse, ...headerSets: Record<string, string>[]): number {
  if (res.headersSent || res.destroyed || res.writableEnded) return 0;
  const headers = new Map<string, [string, string]>();
  for (const set of [...headerSets, response.headers ?? {}]) {
    for (const [name, value] of Object.entries(set)) headers.set(name.toLowerCase(), [name, value]);
  }
  const hasBody = response.body !== undefined && response.status !== 204 && response.status !== 304;
  // A string body with its own Content-Type (the sign-in page's HTML) goes out as is.
  const raw = typeof response.body === "string" && headers.has("content-type");
  const payload = hasBody ? (raw ? (response.body as string) : JSON.stringify(response.body)) : "";
  if (hasBody && !headers.has("content-type")) headers.set("content-type", ["Content-Type", "application/json"]);
  // RFC 9110 forbids Content-Length on 204 and 304.
  if (response.status !== 204 && response.status !== 304) {
    headers.set("content-length", ["Content-Length", String(Buffer.byteLength(payload))]);
  }
  res.writeHead(response.status, Object.fromEntries([...headers.values()]));
  res.end(payload);
  return response.status;
}
