/**
 * A taken port is reported before any slow start-up work (the sandbox, the
 * database, migrations): a short-lived listen on the same address and port
 * says at once whether the real listen later can succeed.
 */
import { createServer } from "node:net";
import { describeListenAddress } from "../config/host.js";

/** Resolves when `port` on `host` can be listened on; rejects with one line naming PORT and HOST otherwise. Port 0 (any free port) always can. */
export function assertPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      const where = describeListenAddress(host, port);
      reject(
        new Error(
          error.code === "EADDRINUSE"
            ? `${where} is already in use by another process: stop it or set PORT (and HOST) to a free one`
            : `cannot listen on ${where}: ${error.code ?? error.message} (check PORT and HOST)`,
        ),
      );
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
