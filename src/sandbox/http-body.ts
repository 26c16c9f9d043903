/** Reads request bodies with a size limit, and parses JSON and form bodies. */
import type { IncomingMessage } from "node:http";

export type RawBody = { kind: "ok"; bytes: Buffer } | { kind: "too-large"; received: number };

/**
 * Reads the whole body. Past `limit` bytes the rest is drained and dropped,
 * so the client still reads our 413 instead of a reset connection; past
 * `hardLimit` the socket is given up.
 */
export function readBody(req: IncomingMessage, limit: number, hardLimit = Math.max(limit * 16, 64 * 1024 * 1024)): Promise<RawBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    req.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limit) chunks.push(chunk);
      else if (received > hardLimit) req.destroy();
    });
    req.on("end", () => {
      resolve(received > limit ? { kind: "too-large", received } : { kind: "ok", bytes: Buffer.concat(chunks) });
    });
    req.on("error", reject);
    req.on("close", () => {
      if (!req.complete) reject(new Error("request body was not completely received"));
    });
  });
}

export type ParsedJson = { kind: "none" } | { kind: "json"; value: unknown } | { kind: "malformed" };

/** Parses a JSON body; an empty body is "none", not an error. */
export function parseJson(bytes: Buffer): ParsedJson {
  const text = bytes.toString("utf8");
  if (text.trim() === "") return { kind: "none" };
  try {
    return { kind: "json", value: JSON.parse(text) as unknown };
  } catch {
    return { kind: "malformed" };
  }
}
