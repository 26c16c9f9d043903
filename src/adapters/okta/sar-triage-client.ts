/**
 * Triage and remediation of a security access review: the principal, the
 * access items and what can be done to them, the review's own actions,
 * history and AI summaries (governance.yaml, admin API; operationIds in the
 * `operation` fields). Paced and retried by the shared HTTP core; item and
 * review actions are POSTs that are never re-sent after an unknown outcome:
 * the HTTP core raises `OktaOutcomeUnknown` and the caller re-reads the
 * item's `remediationStatus` (or the review's status) before trying again.
 */
import type { CallOptions, Clock } from "../../governance/ports.js";
import { OktaBadRequest, OktaForbidden } from "../../governance/okta/errors.js";
import type { OktaHttp, OktaRequest } from "./http.js";
import { checkId, checkLimit, LIMITS } from "./limits.js";
import * as shape from "./response-shapes.js";
import * as triage from "./sar-triage-shapes.js";
import {
  SAR_ACCESS_ACTIONS,
  SAR_REVIEW_ACTIONS,
  type ListSarAccessesQuery,
  type ListSarHistoryQuery,
  type SarAccessAction,
  type SarAccessItem,
  type SarAiSummary,
  type SarAnomaly,
  type SarHistoryItem,
  type SarPrincipalDetails,
  type SarReviewAction,
  type SarSubAccessItem,
  type UpdateSarInput,
} from "../../governance/okta/sar-triage-types.js";
import type { Page, SarId, SecurityAccessReview } from "../../governance/okta/types.js";

const SAR = "/governance/api/v2/security-access-reviews";
const BUCKET = "governance-sar";
const seg = encodeURIComponent;

/** Okta's answer when a feature is not enabled for the org. */
const FEATURE_NOT_ENABLED = "E0000015";

const request = (operation: string, method: OktaRequest["method"], path: string, extra: Partial<OktaRequest> = {}): OktaRequest => ({
  operation,
  method,
  path,
  bucket: BUCKET,
  // Reads are safe to repeat; writes are marked otherwise where they are built.
  idempotent: method === "GET",
  ...extra,
});

function reject(operation: string, cause: string): never {
  throw new OktaBadRequest(`${operation}: ${cause}`, { operation, causes: [cause] });
}

function checkEnum<T extends string>(operation: string, what: string, values: readonly T[], value: string): asserts value is T {
  if (!(values as readonly string[]).includes(value)) reject(operation, `${what} must be one of ${values.join(", ")}`);
}

/** Checks an update before it is sent: at least one change, a future end time, 1 to 10 distinct reviewers. */
export function checkUpdateSar(operation: string, input: UpdateSarInput, now: Date): void {
  if (input.endTime === undefined && input.reviewerIds === undefined) reject(operation, "Nothing to update: give a new end time or reviewers");
  if (input.endTime !== undefined) {
    const end = Date.parse(input.endTime);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(input.endTime) || Number.isNaN(end)) reject(operation, "The end time must be an ISO 8601 date-time");
    if (end <= now.getTime()) reject(operation, "The end time must be in the future");
  }
  if (input.reviewerIds !== undefined) {
    const ids = input.reviewerIds;
    const { min, max } = LIMITS.reviewers;
    if (!Array.isArray(ids) || ids.length < min || ids.length > max) reject(operation, `A review needs ${min} to ${max} reviewers`);
    if (new Set(ids).size !== ids.length) reject(operation, "A reviewer is listed twice");
    for (const id of ids) {
      if (typeof id !== "string" || id.length !== LIMITS.userIdLength) reject(operation, "Every reviewer must be an Okta user id (20 characters)");
    }
  }
}

/** The triage operations of the Okta client, over its HTTP core. */
export class SarTriageClient {
  constructor(
    private readonly http: OktaHttp,
    private readonly clock: Clock,
  ) {}

  private async body(req: OktaRequest, opts?: CallOptions): Promise<unknown> {
    return (await this.http.request(req, opts)).body;
  }

  private async onePage<T>(req: OktaRequest, items: (body: unknown) => T[], opts?: CallOptions): Promise<Page<T>> {
    return this.http.page(await this.http.request(req, opts), items, req.operation);
  }

  /** Every page (an unpaged answer is one page). */
  private async all<T>(req: OktaRequest, items: (body: unknown) => T[], opts?: CallOptions): Promise<T[]> {
    const out: T[] = [];
    for await (const page of this.http.paginate(req, items, opts)) out.push(...page.items);
    return out;
  }

  private reviewPath(operation: string, id: SarId, accessId?: string): string {
    checkId(operation, "The review id", id);
    if (accessId === undefined) return `${SAR}/${seg(id)}`;
    checkId(operation, "The access item id", accessId);
    return `${SAR}/${seg(id)}/accesses/${seg(accessId)}`;
  }

  async getSecurityAccessReviewPrincipalDetails(id: SarId, opts?: CallOptions): Promise<SarPrincipalDetails> {
    const op = "getSecurityAccessReviewPrincipalDetails";
    return triage.toSarPrincipal(await this.body(request(op, "GET", `${this.reviewPath(op, id)}/principal`), opts), op);
  }

  async listSecurityAccessReviewAccesses(id: SarId, query: ListSarAccessesQuery = {}, opts?: CallOptions): Promise<Page<SarAccessItem>> {
    const op = "listSecurityAccessReviewAccesses";
    checkLimit(op, query.limit);
    const { filter, orderBy, after, limit } = query;
    const req = request(op, "GET", `${this.reviewPath(op, id)}/accesses`, { query: { filter, orderBy, after, limit } });
    return this.onePage(req, (b) => triage.listBody(b, op).map((v) => triage.toSarAccessItem(v, op)), opts);
  }

  async listSecurityAccessReviewSubAccesses(id: SarId, accessId: string, query: ListSarAccessesQuery = {}, opts?: CallOptions): Promise<Page<SarSubAccessItem>> {
    const op = "listSecurityAccessReviewSubAccesses";
    checkLimit(op, query.limit);
    const { filter, orderBy, after, limit } = query;
    const req = request(op, "GET", `${this.reviewPath(op, id, accessId)}/sub-accesses`, { query: { filter, orderBy, after, limit } });
    return this.onePage(req, (b) => triage.listBody(b, op).map((v) => triage.toSarSubAccessItem(v, op)), opts);
  }

  async listSecurityAccessReviewAccessesAnomalies(id: SarId, accessId: string, opts?: CallOptions): Promise<SarAnomaly[]> {
    const op = "listSecurityAccessReviewAccessesAnomalies";
    const req = request(op, "GET", `${this.reviewPath(op, id, accessId)}/anomalies`);
    return this.all(req, (b) => triage.listBody(b, op).map((v) => triage.toSarAnomaly(v, op)), opts);
  }

  /** Revokes, restores or flags one item (202). An unknown outcome raises `OktaOutcomeUnknown`, never a second POST. */
  async executeSecurityAccessReviewAccessesAction(id: SarId, accessId: string, type: SarAccessAction, opts?: CallOptions): Promise<void> {
    const op = "executeSecurityAccessReviewAccessesAction";
    const path = `${this.reviewPath(op, id, accessId)}/actions`;
    checkEnum(op, "The item action", SAR_ACCESS_ACTIONS, type);
    await this.http.request(request(op, "POST", path, { body: { type }, idempotent: false }), opts);
  }

  async listSecurityAccessReviewActions(id: SarId, opts?: CallOptions): Promise<SarReviewAction[]> {
    const op = "listSecurityAccessReviewActions";
    return triage.toSarReviewActions(await this.body(request(op, "GET", `${this.reviewPath(op, id)}/actions`), opts), op);
  }

  /** Closes the review or restores all revoked access (202). An unknown outcome raises `OktaOutcomeUnknown`, never a second POST. */
  async executeSecurityAccessReviewAction(id: SarId, actionType: SarReviewAction, opts?: CallOptions): Promise<void> {
    const op = "executeSecurityAccessReviewAction";
    const path = `${this.reviewPath(op, id)}/actions`;
    checkEnum(op, "The review action", SAR_REVIEW_ACTIONS, actionType);
    await this.http.request(request(op, "POST", path, { body: { actionType }, idempotent: false }), opts);
  }

  /**
   * Sets a new end time and/or reviewer list. The PATCH sets absolute
   * values, so sending it again after an unknown outcome leaves the same
   * review: it is retried like a read.
   */
  async updateSecurityAccessReview(id: SarId, input: UpdateSarInput, opts?: CallOptions): Promise<SecurityAccessReview> {
    const op = "updateSecurityAccessReview";
    const path = this.reviewPath(op, id);
    checkUpdateSar(op, input, this.clock.now());
    const body: Record<string, unknown> = {};
    if (input.endTime !== undefined) body.endTime = input.endTime;
    if (input.reviewerIds !== undefined) body.reviewerSettings = { type: "USER", userSettings: { includedUserIds: input.reviewerIds } };
    return shape.toSar(await this.body(request(op, "PATCH", path, { body, idempotent: true }), opts), op);
  }

  async listSecurityAccessReviewHistory(id: SarId, query: ListSarHistoryQuery = {}, opts?: CallOptions): Promise<Page<SarHistoryItem>> {
    const op = "listSecurityAccessReviewHistory";
    checkLimit(op, query.limit);
    const req = request(op, "GET", `${this.reviewPath(op, id)}/history`, { query: { after: query.after, limit: query.limit } });
    return this.onePage(req, (b) => triage.listBody(b, op).map((v) => triage.toSarHistoryItem(v, op)), opts);
  }

  /** An AI summary of the review; `not-enabled` where the org has not turned governance AI on. */
  async generateSecurityAccessReviewSummary(id: SarId, opts?: CallOptions): Promise<SarAiSummary> {
    const op = "generateSecurityAccessReviewSummary";
    return this.summary(op, `${this.reviewPath(op, id)}/summary`, opts);
  }

  /** An AI summary of one access item; `not-enabled` where the org has not turned governance AI on. */
  async generateSecurityAccessReviewAccessesSummary(id: SarId, accessId: string, opts?: CallOptions): Promise<SarAiSummary> {
    const op = "generateSecurityAccessReviewAccessesSummary";
    return this.summary(op, `${this.reviewPath(op, id, accessId)}/summary`, opts);
  }

  private async summary(op: string, path: string, opts?: CallOptions): Promise<SarAiSummary> {
    try {
      // Generating a summary changes nothing in Okta, so it is retried like a read.
      return triage.toSarAiSummary(await this.body(request(op, "POST", path, { idempotent: true }), opts), op);
    } catch (err) {
      if (err instanceof OktaForbidden && err.missingScope === undefined && err.oktaErrorCode === FEATURE_NOT_ENABLED) {
        return {
          status: "not-enabled",
          hint: "Governance AI is off in this Okta org. An Okta admin can turn on governanceAI.securityAccessReview.enabled in the org's governance settings.",
        };
      }
      throw err;
    }
  }
}
