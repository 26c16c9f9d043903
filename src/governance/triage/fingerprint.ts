/**
 * What the watch compares to tell that a review changed elsewhere (the Admin
 * Console, the End-User Dashboard): its status, end time and reviewers, and
 * each item of the card's first page with its remediation status and the
 * actions Okta still supports on it. Anything else (principal details,
 * anomalies, the time of the read) does not change the card's buttons or
 * what people decide on, so it does not count as a change.
 */
import { createHash } from "node:crypto";
import type { TriageView } from "./types.js";

/** A short stable digest of what makes a shared triage card out of date. */
export function triageFingerprint(view: TriageView): string {
  const seen = {
    status: view.sar.status,
    endTime: view.sar.endTime,
    reviewers: view.sar.reviewers.map((r) => r.oktaUserId).sort(),
    items: view.items.map((item) => [item.id, item.remediationStatus ?? null, [...item.supportedActions].sort()]),
  };
  return createHash("sha256").update(JSON.stringify(seen)).digest("base64url");
}
