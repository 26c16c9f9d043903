/**
 * HOST: the address the bot listens on. Unset, it listens on every
 * interface (0.0.0.0), as a bot behind a load balancer or in a container
 * must; `127.0.0.1` keeps it to this machine.
 */
import { isIP } from "node:net";
import type { EnvReader } from "./env-reader.js";

export const ALL_INTERFACES = "0.0.0.0";

/** Parses HOST (an IP address or a host name); problems go to `env`. */
export function parseHost(env: EnvReader): string {
  const host = env.get("HOST");
  if (host === undefined) return ALL_INTERFACES;
  if (isIP(host) !== 0 || /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(host)) return host;
  env.problem(`HOST must be an IP address (0.0.0.0 for every interface, 127.0.0.1 for this machine only) or a host name (got "${host}")`);
  return ALL_INTERFACES;
}

/** Where the bot listens, for people: "all interfaces (0.0.0.0), port 3000" or "127.0.0.1, port 3000". */
export function describeListenAddress(host: string, port: number): string {
  if (host === ALL_INTERFACES || host === "::") return `all interfaces (${host}), port ${port}`;
  return `${host}, port ${port}`;
}
