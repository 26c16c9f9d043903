/**
 * Okta's triage shapes (`../okta/sar-triage-types.ts`) as the card's view
 * (`./types.ts`): the principal, the review, one page of items. Pure; the
 * viewer's buttons are decided by `./who-may-act.ts` and passed in.
 */
import type { SecurityAccessReview } from "../okta/types.js";
import type { SarAccessAction, SarAccessItem, SarAnomaly, SarPrincipalDetails, SarServerMessage, SarSubAccessItem } from "../okta/sar-triage-types.js";
import { toSarView } from "../sar/views.js";
import type { TriageAnomalyView, TriageDetailsView, TriageItemView, TriagePrincipalView, TriageReviewControl, TriageView, TriageViewer } from "./types.js";

/**
 * The anomaly type the card uses for Okta's own one-line `summary` of an
 * item (it is not one of Okta's anomaly types; it comes first when present).
 */
export const SUMMARY_ANOMALY_TYPE = "SUMMARY";

/** Okta's `{0}`-style message with its arguments filled in. */
export function fillServerMessage(message: SarServerMessage): string {
  const args = message.args ?? [];
  return message.message.replace(/\{(\d+)\}/g, (whole, index: string) => args[Number(index)]?.value ?? whole);
}

export function anomalyView(anomaly: SarAnomaly): TriageAnomalyView {
  return { type: anomaly.type, ...(anomaly.severity !== undefined && { severity: anomaly.severity }), text: fillServerMessage(anomaly.subtext) };
}

const place = (where: { city?: string; state?: string; country?: string } | undefined): string | undefined => {
  const parts = [where?.city, where?.state, where?.country].filter((p): p is string => typeof p === "string" && p !== "");
  return parts.length > 0 ? parts.join(", ") : undefined;
};

export function principalView(details: SarPrincipalDetails): TriagePrincipalView {
  const name = [details.firstName, details.lastName].filter((p) => typeof p === "string" && p !== "").join(" ");
  const last = details.lastLoginInfo;
  const lastSignIn = {
    ...(last?.date !== undefined && { at: last.date }),
    ...(last?.ipAddress !== undefined && { ipAddress: last.ipAddress }),
    ...(place(last?.location) !== undefined && { location: place(last?.location)! }),
    ...(last?.device !== undefined && { device: last.device }),
  };
  return {
    oktaUserId: details.id,
    displayName: name !== "" ? name : (details.login ?? details.email),
    ...(details.login !== undefined && { login: details.login }),
    email: details.email,
    status: details.status,
    ...(details.department !== undefined && { department: details.department }),
    ...(details.manager !== undefined && { manager: details.manager }),
    ...(Object.keys(lastSignIn).length > 0 && { lastSignIn }),
    adminRoles: (details.oktaAdminRoles ?? []).map((r) => r.roleName),
  };
}

function labelsOf(item: SarAccessItem): string[] {
  return (item.appInfo?.governanceLabels ?? [])
    .filter((l) => typeof l.name === "string" && l.name !== "")
    .map((l) => ((l.values ?? []).length > 0 ? `${l.name!}: ${(l.values ?? []).join(", ")}` : l.name!));
}

/** One item; `anomalies` when a Details read cached them; `allowed` is what the viewer may do now. */
export function itemView(item: SarAccessItem, anomalies: readonly SarAnomaly[] | undefined, allowed: readonly SarAccessAction[]): TriageItemView {
  const lines: TriageAnomalyView[] = [];
  if (item.summary !== undefined && typeof item.summary.message === "string") lines.push({ type: SUMMARY_ANOMALY_TYPE, text: fillServerMessage(item.summary) });
  for (const anomaly of anomalies ?? []) lines.push(anomalyView(anomaly));
  return {
    id: item.id,
    name: item.name,
    type: item.type,
    ...(item.severity !== undefined && { priority: item.severity }),
    ...(typeof item.remediationStatus === "string" && { remediationStatus: item.remediationStatus }),
    anomalies: lines,
    labels: labelsOf(item),
    supportedActions: [...item.supportedActions],
    allowedActions: item.supportedActions.filter((a) => allowed.includes(a)),
    hasDetails: (item.subAccessTypes ?? []).length > 0,
  };
}

export interface ReviewRead {
  sar: SecurityAccessReview;
  principal: SarPrincipalDetails;
}

export interface ViewInput {
  review: ReviewRead;
  items: readonly SarAccessItem[];
  /** Anomalies of items a Details read cached, by item id. */
  anomalies: ReadonlyMap<string, readonly SarAnomaly[]>;
  page: TriageView["page"];
  viewer: TriageViewer;
  /** Item actions the viewer may take (every one on a shared card). */
  itemActions: readonly SarAccessAction[];
  controls: readonly TriageReviewControl[];
  readAt: Date;
  url?: string;
  launchReference?: string;
}

export function triageView(input: ViewInput): TriageView {
  const { sar, principal } = input.review;
  const sarView = toSarView(sar);
  const readOnly = sar.status === "CLOSED";
  // Only an ACTIVE review's items can be acted on.
  const itemActions = sar.status === "ACTIVE" ? input.itemActions : [];
  return {
    sar: {
      id: sar.id,
      name: sar.name,
      status: sar.status,
      endTime: sar.endTime,
      reviewers: sarView.reviewers ?? [],
      ...(input.url !== undefined && { url: input.url }),
      ...(input.launchReference !== undefined && { launchReference: input.launchReference }),
    },
    principal: principalView(principal),
    items: input.items.map((item) => itemView(item, input.anomalies.get(item.id), readOnly ? [] : itemActions)),
    page: input.page,
    controls: readOnly ? [] : [...input.controls],
    viewer: input.viewer,
    readOnly,
    readAt: input.readAt.toISOString(),
  };
}

export function detailsView(
  sarId: string,
  item: TriageItemView,
  subAccesses: readonly SarSubAccessItem[],
  truncated: boolean,
): TriageDetailsView {
  return {
    sarId,
    item,
    subAccesses: subAccesses.map((s) => ({
      id: s.id,
      name: s.name,
      type: s.type,
      ...(s.severity !== undefined && { priority: s.severity }),
      supportedActions: [...s.supportedActions],
    })),
    truncated,
  };
}

/**
 * Page cursors: the Okta `after` values of every page up to this one, so a
 * card can go back as well as forward. Opaque to the adapters
 * (base64url JSON), checked when read back, at most 50 pages deep.
 */
export const MAX_PAGES = 50;
const MAX_AFTER_LENGTH = 200;

/** `trail[i]` is Okta's `after` for page i (null for the first page). */
export type PageTrail = (string | null)[];

export function encodeCursor(trail: PageTrail): string {
  return Buffer.from(JSON.stringify(trail), "utf8").toString("base64url");
}

/** The trail of a cursor, or undefined when it is not one this bot made. */
export function decodeCursor(cursor: string): PageTrail | undefined {
  if (cursor.length > 4 * MAX_PAGES * MAX_AFTER_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_PAGES || value[0] !== null) return undefined;
  for (const entry of value.slice(1)) {
    if (typeof entry !== "string" || entry.length === 0 || entry.length > MAX_AFTER_LENGTH) return undefined;
  }
  return value as PageTrail;
}

/** The page block of a view whose trail is `trail` and whose next Okta `after` is `nextAfter`. */
export function pageOf(trail: PageTrail, size: number, nextAfter: string | undefined): TriageView["page"] {
  const index = trail.length - 1;
  return {
    index,
    size,
    ...(nextAfter !== undefined && trail.length < MAX_PAGES && { nextCursor: encodeCursor([...trail, nextAfter]) }),
    ...(index > 0 && { previousCursor: encodeCursor(trail.slice(0, -1)) }),
  };
}
