/**
 * A stand-in for `login.botframework.com`: an OpenID metadata document and
 * a JWKS the test controls, and real RS256 tokens signed with `jose` the
 * way the Bot Connector signs them (issuer `https://api.botframework.com`,
 * audience = the bot's app id, `serviceurl` claim). `forge` signs with a
 * key the JWKS does not hold, under the same key id.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";

export interface BotFrameworkKeys {
  /** The OpenID metadata URL to configure the bot with. */
  metadataUrl: string;
  /** How many times the metadata document was fetched. */
  readonly metadataFetches: number;
  /** `ok`: serve keys; `error`: answer 500. */
  setMode(mode: "ok" | "error"): void;
  sign(claims: { appId: string; serviceUrl: string; expiresIn?: string; issuer?: string }): Promise<string>;
  forge(claims: { appId: string; serviceUrl: string }): Promise<string>;
  close(): Promise<void>;
}

const KID = "test-bot-framework-key";
export const BOT_FRAMEWORK_ISSUER = "https://api.botframework.com";

async function signWith(key: CryptoKey, claims: { appId: string; serviceUrl: string; expiresIn?: string; issuer?: string }): Promise<string> {
  return new SignJWT({ serviceurl: claims.serviceUrl, ver: "1.0" })
    .setProtectedHeader({ alg: "RS256", kid: KID, typ: "JWT" })
    .setIssuer(claims.issuer ?? BOT_FRAMEWORK_ISSUER)
    .setAudience(claims.appId)
    .setIssuedAt()
    .setNotBefore("0s")
    .setExpirationTime(claims.expiresIn ?? "10m")
    .sign(key);
}

export async function startBotFrameworkKeys(): Promise<BotFrameworkKeys> {
  const real = await generateKeyPair("RS256", { extractable: true });
  const forged = await generateKeyPair("RS256", { extractable: true });
  const publicJwk = await exportJWK(real.publicKey);
  let mode: "ok" | "error" = "ok";
  let metadataFetches = 0;
  let base = "";

  const server: Server = createServer((req, res) => {
    if (mode === "error") {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "key server down (test)" }));
      return;
    }
    if (req.url === "/v1/.well-known/openidconfiguration") {
      metadataFetches++;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ issuer: BOT_FRAMEWORK_ISSUER, jwks_uri: `${base}/v1/keys`, id_token_signing_alg_values_supported: ["RS256"] }));
      return;
    }
    if (req.url === "/v1/keys") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [{ ...publicJwk, kid: KID, use: "sig", endorsements: ["msteams"] }] }));
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    metadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    get metadataFetches() {
      return metadataFetches;
    },
    setMode(next) {
      mode = next;
    },
    sign: (claims) => signWith(real.privateKey, claims),
    forge: (claims) => signWith(forged.privateKey, claims),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
