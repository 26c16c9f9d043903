/**
 * The sandbox's fake Okta org: directory (users, groups, roles, apps),
 * security access reviews, access requests and their messages. Handlers in
 * `src/sandbox/routes/` serve it over Okta's API shapes; tests change it
 * directly through the same object.
 */
import { createAccessRequests } from "./access-requests.js";
import type { AccessRequests } from "./access-requests.js";
import type { OrgContext } from "./context.js";
import { DEMO_APPS, DEMO_GROUPS, DEMO_REQUESTS, DEMO_ROLES, DEMO_USERS, seedDemo } from "./demo-seed.js";
import { createDirectory } from "./directory.js";
import type { Directory } from "./directory.js";
import { randomIds } from "./ids.js";
import type { IdGenerator } from "./ids.js";
import { createReviews } from "./reviews.js";
import type { Reviews } from "./reviews.js";
import { createSarTriage } from "./sar-accesses.js";
import type { SarTriage } from "./sar-accesses.js";
import { seedTriageDemo } from "./sar-triage-demo.js";

export interface OrgOptions {
  /** `demo` fills the org with the demo data (the default); `empty` leaves only the Everyone group. */
  seed?: "demo" | "empty";
  clock?: () => Date;
  /** Defaults to random ids; pass `sequentialIds()` for ids stable across runs. */
  ids?: IdGenerator;
  /** How long a new SAR stays PENDING before it is ACTIVE (default 2 s). */
  sarActivationDelayMs?: number;
  /** How long a revoke or restore stays IN_PROGRESS before it is done (default 5 s). */
  remediationDelayMs?: number;
  /** Whether governance AI summaries are on (default off, as in a new org). */
  governanceAi?: boolean;
}

/** The demo data's fixed ids, present when the org was seeded with `demo`. */
export interface DemoIds {
  users: typeof DEMO_USERS;
  groups: typeof DEMO_GROUPS;
  roles: typeof DEMO_ROLES;
  apps: typeof DEMO_APPS;
  requests: typeof DEMO_REQUESTS;
}

export type SandboxOrg = Directory &
  Reviews &
  AccessRequests &
  SarTriage & {
    readonly clock: () => Date;
    readonly ids: IdGenerator;
    readonly demo: DemoIds | undefined;
  };

export const DEFAULT_SAR_ACTIVATION_DELAY_MS = 2_000;

/** Creates an org; see `OrgOptions` for the defaults. */
export function createOrg(options: OrgOptions = {}): SandboxOrg {
  const clock = options.clock ?? (() => new Date());
  const ids = options.ids ?? randomIds();
  const delay = options.sarActivationDelayMs ?? DEFAULT_SAR_ACTIVATION_DELAY_MS;
  if (!Number.isFinite(delay) || delay < 0) throw new Error("sarActivationDelayMs must be a non-negative number");
  const ctx: OrgContext = { clock, ids, now: () => clock().toISOString() };
  const directory = createDirectory(ctx);
  const reviews = createReviews(ctx, directory, delay);
  const requests = createAccessRequests(ctx, directory);
  const remediationDelay = options.remediationDelayMs ?? 5_000;
  if (!Number.isFinite(remediationDelay) || remediationDelay < 0) throw new Error("remediationDelayMs must be a non-negative number");
  const triage = createSarTriage(ctx, remediationDelay);
  triage.governanceAi.enabled = options.governanceAi ?? false;
  const seed = options.seed ?? "demo";
  if (seed === "demo") seedDemo(directory, requests, clock());
  if (seed === "demo") seedTriageDemo(triage, clock());
  const demo: DemoIds | undefined =
    seed === "demo"
      ? { users: DEMO_USERS, groups: DEMO_GROUPS, roles: DEMO_ROLES, apps: DEMO_APPS, requests: DEMO_REQUESTS }
      : undefined;
  return { ...directory, ...reviews, ...requests, ...triage, clock, ids, demo };
}

export { DEMO_APPS, DEMO_DOMAIN, DEMO_GROUPS, DEMO_REQUESTS, DEMO_ROLES, DEMO_USERS } from "./demo-seed.js";
export { EVERYONE_GROUP_ID } from "./directory.js";
export type { HeldRole, NewGroup, NewRoleAssignment, NewUser } from "./directory.js";
export type { AppAccess, Assignee, NewApp } from "./apps.js";
export type { NewSar, SarStats } from "./reviews.js";
export type { NewAccessRequest, RequestUpdate } from "./access-requests.js";
export type { AppTriageProfile, ItemAction, PrincipalDetails, RemediationStatus, TriageItem, TriageSubAccess } from "./sar-accesses.js";
export { DEMO_ENTITLEMENTS } from "./sar-triage-demo.js";
export { randomIds, sequentialIds, isOktaId } from "./ids.js";
export type { IdGenerator, IdKind } from "./ids.js";
export type * from "./types.js";
