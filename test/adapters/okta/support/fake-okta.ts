/**
 * A small Okta stand-in for the client's unit tests: discovery, a token
 * endpoint that really verifies the private_key_jwt assertion (signature,
 * `aud` = token endpoint, replay) and DPoP proofs (with the nonce
 * challenge), and API routes each test scripts. Real HTTP on 127.0.0.1.
 */
import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  calculateJwkThumbprint,
  decodeProtectedHeader,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importJWK,
  jwtVerify,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from "jose";

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The raw query string, to check its encoding. */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** The access token the call carried (DPoP or Bearer). */
  token?: string;
}

export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** What a route answers; `"hang"` never answers. */
export type ApiHandler = (req: ApiRequest) => ApiResponse | "hang" | Promise<ApiResponse | "hang">;

export interface TokenCall {
  assertion: JWTPayload;
  /** The assertion's `kid` header. */
  kid?: string;
  scope: string | null;
  dpopProof?: JWTPayload;
}

export interface FakeOkta {
  orgUrl: URL;
  tokenEndpoint: string;
  clientId: string;
  privateKeyPem: string;
  privateJwkJson: string;
  keyId: string;
  /** Successful and failed token requests, in order. */
  tokenCalls: TokenCall[];
  apiCalls: ApiRequest[];
  /** Access tokens that are currently accepted. */
  validTokens: Set<string>;
  setApi(handler: ApiHandler): void;
  setTokenLifetime(seconds: number): void;
  /** Answers token request number `n` (0-based) with this instead, when it returns one. */
  overrideToken(fn: ((n: number) => ApiResponse | undefined) | undefined): void;
  /** Tokens must be DPoP-bound; proofs must carry this server's current nonce. */
  requireDpop(on: boolean): void;
  /** Replaces the DPoP nonce (the next proof with the old one is challenged). */
  rotateNonce(): string;
  close(): Promise<void>;
}

const b64sha256 = (s: string) => createHash("sha256").update(s).digest("base64url");
const dpopHeader = (h: IncomingHttpHeaders): string | undefined => {
  const v = h.dpop;
  return Array.isArray(v) ? v[0] : v;
};

function send(res: ServerResponse, r: ApiResponse): void {
  const headers: Record<string, string> = { ...r.headers };
  if (r.body !== undefined) headers["content-type"] ??= "application/json";
  res.writeHead(r.status, headers);
  res.end(r.body === undefined ? undefined : JSON.stringify(r.body));
}

/** Starts the fake org on a free loopback port. */
export async function startFakeOkta(): Promise<FakeOkta> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const keyId = "test-key-1";
  const clientId = "0oaTESTCLIENT0000001";
  const privateKeyPem = await exportPKCS8(privateKey);
  const privateJwkJson = JSON.stringify({ ...(await exportJWK(privateKey)), kid: keyId, alg: "RS256" });
  const seenJti = new Set<string>();
  const tokenJkt = new Map<string, string>();
  const tokenCalls: TokenCall[] = [];
  const apiCalls: ApiRequest[] = [];
  const validTokens = new Set<string>();
  let api: ApiHandler = () => ({ status: 404, body: { errorCode: "E0000007", errorSummary: "Not found" } });
  let lifetime = 3600;
  let tokenOverride: ((n: number) => ApiResponse | undefined) | undefined;
  let tokenRequests = 0;
  let dpopRequired = false;
  let nonce = randomUUID();
  let base = "";

  async function verifyProof(proof: string | undefined, htm: string, htu: string, token?: string) {
    if (!proof) return { ok: false as const, why: "missing DPoP proof" };
    const header = decodeProtectedHeader(proof);
    if (header.typ !== "dpop+jwt" || !header.jwk) return { ok: false as const, why: "bad proof header" };
    const key = (await importJWK(header.jwk as JWK, header.alg)) as CryptoKey;
    const { payload } = await jwtVerify(proof, key, { typ: "dpop+jwt" });
    if (payload.htm !== htm || payload.htu !== htu) return { ok: false as const, why: "htm/htu mismatch" };
    if (token !== undefined && payload.ath !== b64sha256(token)) return { ok: false as const, why: "ath mismatch" };
    const jkt = await calculateJwkThumbprint(header.jwk);
    if (payload.nonce !== nonce) return { ok: false as const, why: "nonce", payload, jkt };
    return { ok: true as const, payload, jkt };
  }

  async function token(body: URLSearchParams, headers: IncomingHttpHeaders): Promise<ApiResponse> {
    const tokenEndpoint = `${base}/oauth2/v1/token`;
    const assertion = body.get("client_assertion") ?? "";
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(assertion, publicKey, { audience: tokenEndpoint, issuer: clientId, subject: clientId }));
    } catch (err) {
      tokenCalls.push({ assertion: {}, scope: body.get("scope") });
      const description = `The audience claim for client_assertion must be the endpoint invoked for the request (${(err as Error).message})`;
      return { status: 401, body: { error: "invalid_client", error_description: description } };
    }
    const call: TokenCall = { assertion: claims, kid: decodeProtectedHeader(assertion).kid, scope: body.get("scope") };
    tokenCalls.push(call);
    if (!claims.jti || seenJti.has(claims.jti)) return { status: 401, body: { error: "invalid_client", error_description: "jti replayed" } };
    seenJti.add(claims.jti);
    if (body.get("grant_type") !== "client_credentials") return { status: 400, body: { error: "unsupported_grant_type" } };
    const value = `tok-${randomUUID()}`;
    if (dpopRequired) {
      const proof = await verifyProof(dpopHeader(headers), "POST", tokenEndpoint);
      if (!proof.ok) {
        seenJti.delete(claims.jti); // the challenged request is re-sent with a fresh assertion anyway
        call.dpopProof = proof.payload;
        if (proof.why === "nonce") {
          return { status: 400, headers: { "dpop-nonce": nonce }, body: { error: "use_dpop_nonce", error_description: "Authorization server requires nonce in DPoP proof." } };
        }
        return { status: 400, body: { error: "invalid_dpop_proof", error_description: proof.why } };
      }
      call.dpopProof = proof.payload;
      tokenJkt.set(value, proof.jkt);
    }
    validTokens.add(value);
    return { status: 200, body: { token_type: dpopRequired ? "DPoP" : "Bearer", expires_in: lifetime, access_token: value, scope: body.get("scope") ?? "" } };
  }

  async function authorize(req: ApiRequest): Promise<ApiResponse | undefined> {
    const auth = req.headers.authorization ?? "";
    const [scheme, value] = auth.split(" ", 2);
    if (scheme === "SSWS") {
      req.token = value;
      return validTokens.has(value ?? "") ? undefined : { status: 401, body: { errorCode: "E0000011", errorSummary: "Invalid token provided" } };
    }
    req.token = value;
    if (!value || !validTokens.has(value)) {
      return { status: 401, headers: { "www-authenticate": `${scheme ?? "Bearer"} error="invalid_token"` }, body: { errorCode: "E0000011", errorSummary: "Invalid token provided" } };
    }
    const jkt = tokenJkt.get(value);
    if (jkt === undefined) return scheme === "Bearer" ? undefined : { status: 401, body: { errorCode: "E0000011", errorSummary: "not a DPoP token" } };
    if (scheme !== "DPoP") return { status: 401, body: { errorCode: "E0000011", errorSummary: "DPoP token sent as Bearer" } };
    const proof = await verifyProof(dpopHeader(req.headers), req.method, `${base}${req.path}`, value);
    if (proof.ok && proof.jkt === jkt) return undefined;
    if (!proof.ok && proof.why === "nonce" && proof.jkt === jkt) {
      return { status: 401, headers: { "www-authenticate": 'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"', "dpop-nonce": nonce } };
    }
    return { status: 401, headers: { "www-authenticate": 'DPoP error="invalid_dpop_proof"' } };
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const url = new URL(req.url ?? "/", base);
        const text = Buffer.concat(chunks).toString("utf8");
        if (url.pathname === "/.well-known/openid-configuration") {
          return send(res, {
            status: 200,
            body: { issuer: base, token_endpoint: `${base}/oauth2/v1/token`, jwks_uri: `${base}/oauth2/v1/keys`, token_endpoint_auth_methods_supported: ["private_key_jwt"], dpop_signing_alg_values_supported: ["ES256", "RS256"] },
          });
        }
        if (url.pathname === "/oauth2/v1/token" && req.method === "POST") {
          const override = tokenOverride?.(tokenRequests++);
          return send(res, override ?? (await token(new URLSearchParams(text), req.headers)));
        }
        const apiReq: ApiRequest = {
          method: req.method ?? "GET",
          path: url.pathname,
          query: url.searchParams,
          rawQuery: url.search.slice(1),
          headers: req.headers,
          body: text ? (JSON.parse(text) as unknown) : undefined,
        };
        apiCalls.push(apiReq);
        const denied = await authorize(apiReq);
        if (denied) return send(res, denied);
        const answer = await api(apiReq);
        if (answer !== "hang") send(res, answer);
      })().catch((err: unknown) => send(res, { status: 500, body: { errorCode: "E0000009", errorSummary: String(err) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    orgUrl: new URL(base),
    tokenEndpoint: `${base}/oauth2/v1/token`,
    clientId,
    privateKeyPem,
    privateJwkJson,
    keyId,
    tokenCalls,
    apiCalls,
    validTokens,
    setApi: (h) => {
      api = h;
    },
    setTokenLifetime: (s) => {
      lifetime = s;
    },
    overrideToken: (fn) => {
      tokenOverride = fn;
    },
    requireDpop: (on) => {
      dpopRequired = on;
    },
    rotateNonce: () => (nonce = randomUUID()),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
