/**
 * The step-up records the store keeps: a pending sign-in challenge (single
 * use, short-lived) and the proof a completed sign-in leaves on the
 * approver's decision. Re-exported by the store port.
 */
import type { LaunchId, MappedChatUser } from "../store.js";

/** What an Okta step-up sign-in proved, as recorded with the decision and in the audit trail. */
export interface StepUpProof {
  issuer: string;
  /** The ID token's `sub`: the approver's Okta user id. */
  sub: string;
  authTime: Date;
  acr: string | null;
  /** The ID token's `jti`, when it has one. */
  jti: string | null;
  nonce: string;
}

/** The proof as JSON (audit details, the audit export): the same fields, the sign-in time in ISO 8601. */
export type StepUpProofJson = Omit<StepUpProof, "authTime"> & { authTime: string };

export function stepUpProofJson(proof: StepUpProof): StepUpProofJson {
  return { issuer: proof.issuer, sub: proof.sub, authTime: proof.authTime.toISOString(), acr: proof.acr, jti: proof.jti, nonce: proof.nonce };
}

/** A step-up challenge id (the SHA-256 of the link's secret, hex). */
export type StepUpChallengeId = string & { readonly __brand: "StepUpChallengeId" };

/** One approver's pending Okta sign-in for one launch; single use, short-lived. */
export interface NewStepUpChallenge {
  id: StepUpChallengeId;
  launchId: LaunchId;
  approver: MappedChatUser;
  /** OIDC `state`; the callback finds the challenge by it. */
  state: string;
  nonce: string;
  codeVerifier: string;
  acrValues: string | null;
  expiresAt: Date;
}

export interface StepUpChallenge extends NewStepUpChallenge {
  createdAt: Date;
  consumedAt: Date | null;
}
