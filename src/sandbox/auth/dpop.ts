/**
 * DPoP proofs (RFC 9449): checked at the token endpoint (with Okta's nonce
 * challenge) and on resource calls (with `ath`, the access-token hash).
 * @see https://www.rfc-editor.org/rfc/rfc9449
 */
import { createHash, randomBytes } from "node:crypto";
import { EmbeddedJWK, calculateJwkThumbprint, decodeProtectedHeader, jwtVerify } from "jose";
import type { SandboxClock } from "../clock.js";
import { ASYMMETRIC_ALGS } from "./keys.js";
import type { ReplayCache } from "./replay-cache.js";

const MAX_AGE_S = 300;
const MAX_FUTURE_S = 60;

/** Why a proof was refused: a bad proof, or a missing/stale server nonce. */
export class DpopProofError extends Error {
  constructor(
    readonly kind: "invalid" | "use-nonce",
    readonly description: string,
  ) {
    super(description);
    this.name = "DpopProofError";
  }
}

export interface DpopNonces {
  /** The nonce to hand out now. */
  current(): string;
  isValid(nonce: unknown): boolean;
}

/** Server nonces that rotate every `rotateMs`; the previous one stays valid for a period. */
export function createDpopNonces(clock: SandboxClock, rotateMs = 300_000): DpopNonces {
  let current = { value: fresh(), issuedAt: clock.now().getTime() };
  let previous: string | undefined;
  const rotate = () => {
    const now = clock.now().getTime();
    if (now - current.issuedAt < rotateMs) return;
    previous = now - current.issuedAt < 2 * rotateMs ? current.value : undefined;
    current = { value: fresh(), issuedAt: now };
  };
  return {
    current() {
      rotate();
      return current.value;
    },
    isValid(nonce) {
      rotate();
      return typeof nonce === "string" && (nonce === current.value || nonce === previous);
    },
  };
}

export interface ProofContext {
  /** The `DPoP` header as received. */
  proof: string | string[] | undefined;
  method: string;
  /** The URL invoked, without query or fragment. */
  url: string;
  now: Date;
  replay: ReplayCache;
  /** On resource calls: the access token the proof must be bound to (`ath`). */
  accessToken?: string;
  /** At the token endpoint: the server nonces the proof must carry. */
  nonces?: DpopNonces;
}

/** Verifies a DPoP proof and returns its key's thumbprint (`jkt`), or throws `DpopProofError`. */
export async function verifyDpopProof(context: ProofContext): Promise<string> {
  const proof = context.proof;
  if (proof === undefined || proof === "") throw new DpopProofError("invalid", "The DPoP proof JWT header is missing.");
  if (typeof proof !== "string" || proof.includes(",")) {
    throw new DpopProofError("invalid", "Only one DPoP proof JWT header is allowed.");
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    throw new DpopProofError("invalid", "The DPoP proof JWT is malformed.");
  }
  if (header.typ !== "dpop+jwt") throw new DpopProofError("invalid", "The DPoP proof JWT 'typ' header must be 'dpop+jwt'.");
  if (!header.alg || !(ASYMMETRIC_ALGS as readonly string[]).includes(header.alg)) {
    throw new DpopProofError("invalid", "The DPoP proof JWT 'alg' is not supported.");
  }
  const jwk = header.jwk;
  if (!jwk || typeof jwk !== "object" || "d" in jwk) {
    throw new DpopProofError("invalid", "The DPoP proof JWT 'jwk' header must be a public key.");
  }
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(proof, EmbeddedJWK, { typ: "dpop+jwt", algorithms: [...ASYMMETRIC_ALGS] }));
  } catch {
    throw new DpopProofError("invalid", "The DPoP proof JWT signature is invalid.");
  }

  if (payload.htm !== context.method) throw new DpopProofError("invalid", "The DPoP proof 'htm' does not match the request method.");
  if (typeof payload.htu !== "string" || stripQuery(payload.htu) !== context.url) {
    throw new DpopProofError("invalid", "The DPoP proof 'htu' does not match the request URL.");
  }
  const nowS = Math.floor(context.now.getTime() / 1000);
  if (typeof payload.iat !== "number" || payload.iat < nowS - MAX_AGE_S || payload.iat > nowS + MAX_FUTURE_S) {
    throw new DpopProofError("invalid", "The DPoP proof 'iat' is not recent.");
  }
  if (typeof payload.jti !== "string" || payload.jti === "") throw new DpopProofError("invalid", "The DPoP proof must have a 'jti'.");
  if (context.accessToken !== undefined && payload.ath !== accessTokenHash(context.accessToken)) {
    throw new DpopProofError("invalid", "The DPoP proof 'ath' does not match the access token.");
  }
  const jkt = await calculateJwkThumbprint(jwk, "sha256");
  const replayKey = `dpop:${jkt}:${payload.jti}`;
  if (context.replay.seen(replayKey)) throw new DpopProofError("invalid", "The DPoP proof 'jti' has already been used.");
  if (context.nonces && !context.nonces.isValid(payload.nonce)) {
    throw new DpopProofError("use-nonce", "Authorization server requires nonce in DPoP proof.");
  }
  context.replay.remember(replayKey, (payload.iat + MAX_AGE_S + MAX_FUTURE_S) * 1000);
  return jkt;
}

/** `ath`: base64url SHA-256 of the access token. */
export function accessTokenHash(accessToken: string): string {
  return createHash("sha256").update(accessToken).digest("base64url");
}

function stripQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}

function fresh(): string {
  return randomBytes(24).toString("base64url");
}
