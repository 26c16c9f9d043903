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

/** An item action on a review's triage card that waits for the person's step-up sign-in (policy `approval.sar.remediate`). */
export interface StepUpItemAction {
  sarId: string;
  accessId: string;
  /** `REVOKE_ACCESS`, `RESTORE_ACCESS`, `FLAG_FOR_MANUAL_REMEDIATION`, `FLAG_FOR_MANUAL_RESTORATION`. */
  action: string;
  note?: string;
  /** The click's own key: the action runs once however many links or callbacks there are. */
  idempotencyKey: string;
}

/**
 * One person's pending Okta sign-in for one launch approval or one item
 * action (exactly one of `launchId` and `triageAction`); single use, short-lived.
 */
export interface NewStepUpChallenge {
  id: StepUpChallengeId;
  /** The launch an approval is for; null for an item action. */
  launchId: LaunchId | null;
  /** The item action to run after the sign-in; absent or null for an approval. */
  triageAction?: StepUpItemAction | null;
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
