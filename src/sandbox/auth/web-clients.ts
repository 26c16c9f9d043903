/**
 * OIDC web apps (authorization code + PKCE, `client_secret_basic` or
 * `client_secret_post`), such as the bot's step-up client. Redirect URIs
 * are matched exactly, like Okta's "Sign-in redirect URIs"; a URI can be
 * added after registration because the bot learns its port only on listen.
 */
import { timingSafeEqual } from "node:crypto";
import { randomBase62 } from "../clock.js";
import { newClientId } from "./clients.js";

export interface WebClientRegistration {
  clientId?: string;
  clientSecret?: string;
  redirectUris?: string[];
}

export interface WebClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface WebClients {
  register(registration?: WebClientRegistration): WebClient;
  /** Adds a sign-in redirect URI to a registered web app. */
  allowRedirectUri(clientId: string, uri: string): void;
  get(clientId: string): WebClient | undefined;
  /** The client when `secret` is its secret (compared in constant time). */
  authenticate(clientId: string, secret: string): WebClient | undefined;
}

/** An in-memory registry of web apps. */
export function createWebClients(): WebClients {
  const clients = new Map<string, { clientId: string; clientSecret: string; redirectUris: Set<string> }>();
  const view = (c: { clientId: string; clientSecret: string; redirectUris: Set<string> }): WebClient => ({
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    redirectUris: [...c.redirectUris],
  });
  return {
    register(registration = {}) {
      const clientId = registration.clientId ?? newClientId();
      if (!/^[A-Za-z0-9._-]{1,100}$/.test(clientId)) throw new RangeError("clientId must be 1-100 characters of [A-Za-z0-9._-]");
      if (clients.has(clientId)) throw new RangeError(`client ${clientId} is already registered`);
      const clientSecret = registration.clientSecret ?? randomBase62(40);
      const entry = { clientId, clientSecret, redirectUris: new Set<string>() };
      clients.set(clientId, entry);
      for (const uri of registration.redirectUris ?? []) this.allowRedirectUri(clientId, uri);
      return view(entry);
    },
    allowRedirectUri(clientId, uri) {
      const entry = clients.get(clientId);
      if (entry === undefined) throw new RangeError(`no web app ${clientId}`);
      let url: URL;
      try {
        url = new URL(uri);
      } catch {
        throw new RangeError("a redirect URI must be an absolute URL");
      }
      if (url.hash !== "" || (url.protocol !== "https:" && url.protocol !== "http:")) throw new RangeError("a redirect URI must be http(s) without a fragment");
      entry.redirectUris.add(uri);
    },
    get: (clientId) => {
      const entry = clients.get(clientId);
      return entry === undefined ? undefined : view(entry);
    },
    authenticate(clientId, secret) {
      const entry = clients.get(clientId);
      if (entry === undefined) return undefined;
      const a = Buffer.from(entry.clientSecret);
      const b = Buffer.from(secret);
      return a.length === b.length && timingSafeEqual(a, b) ? view(entry) : undefined;
    },
  };
}
