/** `GET /metrics`: the registry in Prometheus text exposition format. */
import type { Registry } from "prom-client";
import type { Logger } from "pino";
import type { HttpServer } from "./server.js";

export const METRICS_PATH = "/metrics";

/** Mounts `GET /metrics` serving `registry`. */
export function mountMetrics(http: HttpServer, registry: Registry, logger: Logger): void {
  http.route("GET", METRICS_PATH, async (_req, res) => {
    let text: string;
    try {
      text = await registry.metrics();
    } catch (err) {
      logger.error({ err }, "could not collect metrics");
      res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end("metrics collection failed\n");
      return;
    }
    res.writeHead(200, { "content-type": registry.contentType, "content-length": Buffer.byteLength(text) });
    res.end(text);
  });
}
