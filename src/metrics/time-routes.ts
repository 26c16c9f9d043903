/** Times the answers of chosen routes (request arrival -> response finished). */
import type { HttpServer } from "../adapters/http/server.js";

/** An `HttpServer` view whose `route()` times the handlers of `paths` (with `observe`). */
export function timeRoutes(http: HttpServer, paths: Record<string, (seconds: number, status: number) => void>): HttpServer {
  return {
    server: http.server,
    listen: (port, host) => http.listen(port, host),
    close: () => http.close(),
    route(method, path, handler) {
      const observe = paths[path];
      if (observe === undefined) return http.route(method, path, handler);
      http.route(method, path, (req, res) => {
        const started = performance.now();
        res.once("finish", () => observe((performance.now() - started) / 1000, res.statusCode));
        return handler(req, res);
      });
    },
  };
}
