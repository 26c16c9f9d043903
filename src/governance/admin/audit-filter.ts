/**
 * What `/sar audit [@user | id]` filters on: a person (resolved to an Okta
 * user id), a SAR or request id, a launch id or launch reference. Typed
 * ids are checked by shape before anything is looked up.
 */
import { NotFound, ValidationFailed } from "../errors.js";
import type { IdentityResolver, TargetInput } from "../identity/types.js";
import { isOktaUserId } from "../identity/names.js";
import { isRequestId, isSarId } from "../requests/ids.js";
import type { GovernanceStore, LaunchId } from "../store.js";
import type { ReadAuditQuery } from "../audit/index.js";

export type AuditTarget = TargetInput | string;

type Filter = Omit<ReadAuditQuery, "cursor" | "limit">;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LAUNCH_REFERENCE = /^L[2-9A-HJKMNP-TV-Z]{6}$/;

/** The audit query for `target`; throws ValidationFailed, NotFound or the resolver's identity errors. */
export async function auditFilterFor(
  target: AuditTarget | undefined,
  deps: { identity: IdentityResolver; store: GovernanceStore; correlationId: string },
): Promise<Filter> {
  if (target === undefined) return {};
  if (typeof target !== "string") {
    // An Okta id is used as typed: the trail of a deprovisioned user is still readable.
    if (target.kind === "okta-id") {
      if (!isOktaUserId(target.id)) throw new ValidationFailed({ target: "An Okta user id starts with 00u and has 20 letters and digits." });
      return { oktaUserId: target.id };
    }
    const user = await deps.identity.resolveTarget(target, { correlationId: deps.correlationId });
    return { oktaUserId: user.id };
  }
  const id = target.trim();
  if (isSarId(id)) return { sarId: id };
  if (isRequestId(id)) return { requestId: id };
  if (isOktaUserId(id)) return { oktaUserId: id };
  if (UUID.test(id)) return { launchId: id.toLowerCase() as LaunchId };
  if (LAUNCH_REFERENCE.test(id.toUpperCase())) {
    const launch = await deps.store.getLaunchByReference(id.toUpperCase());
    if (launch === null) throw new NotFound(`No launch has the reference ${id.toUpperCase()}.`);
    return { launchId: launch.id };
  }
  throw new ValidationFailed({
    target: "Name a user (@mention, email, login or 00u… id), a review (sar…), a request (req…) or a launch reference (L…).",
  });
}
