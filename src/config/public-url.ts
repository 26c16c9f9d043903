/**
 * PUBLIC_URL: the bot's base URL as people reach it (behind a proxy or
 * load balancer). Step-up sign-in sends approvers back to
 * PUBLIC_URL/stepup/callback, and Teams admins get audit download links
 * under it. Unset: the address the bot listens on, which only works on the
 * same machine.
 */
import { type EnvReader, isLoopbackHost } from "./env-reader.js";

/** Parses PUBLIC_URL; problems go to `env`. */
export function parsePublicUrl(env: EnvReader): URL | null {
  const raw = env.get("PUBLIC_URL");
  if (raw === undefined) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    env.problem(`PUBLIC_URL must be an absolute URL such as https://bot.example.com (got "${raw}")`);
    return null;
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    env.problem(`PUBLIC_URL must use https (plain http only for loopback hosts) (got "${url.origin}")`);
  }
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    env.problem("PUBLIC_URL must be a plain base URL without query, fragment or credentials");
  }
  return url;
}
