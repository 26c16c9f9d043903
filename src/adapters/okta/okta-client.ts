/**
 * The Okta gateway: the operations the core uses, over the HTTP core.
 * Paths, parameters and bodies follow shared/okta-openapi (operationIds in
 * the `operation` fields).
 */
import type { CryptoKeyPair } from "openid-client";
import type { Logger } from "pino";
import type { CallOptions, Clock, ListRequestsQuery, ListSarsQuery, OktaGovernance } from "../../governance/ports.js";
import { createAuthorizer, type OktaAuth } from "./auth.js";
import { OktaBadRequest } from "../../governance/okta/errors.js";
import { OktaHttp, type OktaCallObserver, type OktaRequest } from "./http.js";
import { adminHostProblem, isLoopbackUrl, OrgHosts } from "./org-hosts.js";
import { checkCreateSar, checkId, checkLimit, checkText, LIMITS } from "./limits.js";
import { RateLimitPacer, realSleep, type Sleep } from "./rate-limit-pacer.js";
import * as shape from "./response-shapes.js";
import { resolveRetryOptions, type OktaRetrySetting } from "./retry-policy.js";
import { SarTriageClient } from "./sar-triage-client.js";
import { scim } from "../../governance/okta/scim-filter.js";
import type { AccessRequestId, OktaUserId, Page, RequestMessage, SarId } from "../../governance/okta/types.js";

export interface OktaClientOptions {
  /** The org, e.g. `https://acme.okta.com`; plain http only for loopback (sandbox, tests). */
  orgUrl: URL;
  /**
   * The org's admin host, where Okta's governance paging links point. Derived from an
   * `*.okta.com`-style org URL when absent; set it for a loopback sandbox (its `adminUrl`).
   */
  adminUrl?: URL;
  auth: OktaAuth;
  logger: Logger;
  fetch?: typeof fetch;
  clock?: Clock;
  /** Per-attempt timeout (default 10 s). */
  timeoutMs?: number;
  retry?: OktaRetrySetting;
  /** Waits for rate-limit windows; injected so tests control time. */
  sleep?: Sleep;
  /** Random source for jitter. */
  random?: () => number;
  /** DPoP key pair (default: one per process). */
  dpopKeyPair?: CryptoKeyPair;
  /** Told about every HTTP attempt (operation, status, duration, 429); for metrics. */
  onCall?: OktaCallObserver;
}

const SAR = "/governance/api/v2/security-access-reviews";
const REQUESTS = "/governance/api/v2/requests";
const USERS = "/api/v1/users";
const BUCKET = { users: "users", sar: "governance-sar", requests: "governance-requests" } as const;

const systemClock: Clock = { now: () => new Date() };

/** Builds the Okta client; throws at once on an org URL that is not https (or loopback http). */
export function createOktaClient(options: OktaClientOptions): OktaGovernance {
  const { orgUrl, adminUrl } = options;
  for (const [what, url] of [["org", orgUrl], ["admin", adminUrl]] as const) {
    if (url && url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackUrl(url))) {
      throw new Error(`The Okta ${what} URL must use https (plain http only for loopback hosts): ${url.origin}`);
    }
  }
  // The admin host receives our tokens: one unrelated to the org is a configuration mistake, never trusted.
  const unrelated = adminUrl && adminHostProblem(orgUrl, adminUrl);
  if (unrelated) throw new Error(`The Okta admin URL ${unrelated}`);
  const clock = options.clock ?? systemClock;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retry = resolveRetryOptions(options.retry);
  const pacer = new RateLimitPacer({
    clock,
    sleep: options.sleep ?? realSleep,
    backgroundReserve: retry.backgroundReserve,
    maxWaitMs: retry.maxRateLimitWaitMs,
    jitterMs: retry.jitterMs,
    random: options.random,
  });
  const authorizer = createAuthorizer(options.auth, {
    orgUrl,
    fetch: fetchImpl,
    clock,
    logger: options.logger,
    pacer,
    timeoutMs,
    dpopKeyPair: options.dpopKeyPair,
  });
  const hosts = new OrgHosts(orgUrl, adminUrl);
  const http = new OktaHttp({ orgUrl, hosts, authorizer, pacer, logger: options.logger, fetch: fetchImpl, clock, timeoutMs, retry, ...(options.onCall !== undefined && { onCall: options.onCall }) });
  return new OktaClient(http, clock);
}

const get = (operation: string, bucket: string, path: string, query?: OktaRequest["query"]): OktaRequest => ({
  operation,
  method: "GET",
  path,
  query,
  bucket,
  idempotent: true,
});

const post = (operation: string, bucket: string, path: string, body: unknown): OktaRequest => ({
  operation,
  method: "POST",
  path,
  body,
  bucket,
  idempotent: false,
});

const seg = encodeURIComponent;

type ToItem<T> = (value: unknown, operation: string) => T;

/** The checked items of a management-API list (a bare array). */
const arrayItems =
  <T>(op: string, toItem: ToItem<T>) =>
  (body: unknown): T[] =>
    shape.arrayBody(body, op).map((v) => toItem(v, op));

/** The checked items of a governance-API list (`{ data: [...] }`). */
const dataItems =
  <T>(op: string, toItem: ToItem<T>) =>
  (body: unknown): T[] =>
    shape.dataBody(body, op).map((v) => toItem(v, op));

class OktaClient implements OktaGovernance {
  private readonly triage: SarTriageClient;
  constructor(
    private readonly http: OktaHttp,
    private readonly clock: Clock,
  ) {
    this.triage = new SarTriageClient(http, clock);
  }

  private async all<T>(req: OktaRequest, items: (body: unknown) => T[], opts?: CallOptions): Promise<T[]> {
    const out: T[] = [];
    for await (const page of this.http.paginate(req, items, opts)) out.push(...page.items);
    return out;
  }

  private async onePage<T>(req: OktaRequest, items: (body: unknown) => T[], opts?: CallOptions): Promise<Page<T>> {
    return this.http.page(await this.http.request(req, opts), items, req.operation);
  }

  private async body(req: OktaRequest, opts?: CallOptions): Promise<unknown> {
    return (await this.http.request(req, opts)).body;
  }

  async findUsersByProfileAttribute(attribute: string, value: string, opts?: CallOptions) {
    const op = "listUsers";
    const attr = attribute.startsWith("profile.") ? attribute : `profile.${attribute}`;
    const search = scim.eq(attr, value);
    const req = get(op, BUCKET.users, USERS, { search, limit: LIMITS.pageSize.max });
    return this.all(req, arrayItems(op, shape.toUser), opts);
  }

  async getUser(idOrLogin: string, opts?: CallOptions) {
    const op = "getUser";
    checkId(op, "The user id or login", idOrLogin);
    if (idOrLogin.includes("/")) {
      const cause = "Okta cannot look up a login containing '/' directly; search by attribute instead";
      throw new OktaBadRequest(`${op}: ${cause}`, { operation: op, causes: [cause] });
    }
    return shape.toUser(await this.body(get(op, BUCKET.users, `${USERS}/${seg(idOrLogin)}`), opts), op);
  }

  async listUserGroups(userId: OktaUserId, opts?: CallOptions) {
    const op = "listUserGroups";
    checkId(op, "The user id", userId);
    const req = get(op, BUCKET.users, `${USERS}/${seg(userId)}/groups`);
    return this.all(req, arrayItems(op, shape.toGroup), opts);
  }

  async listUserAdminRoles(userId: OktaUserId, opts?: CallOptions) {
    const op = "listAssignedRolesForUser";
    checkId(op, "The user id", userId);
    const req = get(op, BUCKET.users, `${USERS}/${seg(userId)}/roles`);
    return this.all(req, arrayItems(op, shape.toRoleAssignment), opts);
  }

  async createSecurityAccessReview(input: Parameters<OktaGovernance["createSecurityAccessReview"]>[0], opts?: CallOptions) {
    const op = "createSecurityAccessReview";
    checkCreateSar(op, input, this.clock.now());
    const body = {
      principalId: input.principalId,
      name: input.name,
      endTime: input.endTime,
      reviewerSettings: { type: "USER", userSettings: { includedUserIds: input.reviewerIds } },
    };
    return shape.toSar(await this.body(post(op, BUCKET.sar, SAR, body), opts), op);
  }

  async getSecurityAccessReview(id: SarId, opts?: CallOptions) {
    const op = "getSecurityAccessReview";
    checkId(op, "The review id", id);
    return shape.toSar(await this.body(get(op, BUCKET.sar, `${SAR}/${seg(id)}`), opts), op);
  }

  async listSecurityAccessReviews(query: ListSarsQuery, opts?: CallOptions) {
    const op = "listSecurityAccessReviews";
    checkLimit(op, query.limit);
    const req = get(op, BUCKET.sar, SAR, { ...query });
    return this.onePage(req, dataItems(op, shape.toSar), opts);
  }

  async findSecurityAccessReviewsByNameContaining(reference: string, opts?: CallOptions) {
    const op = "listSecurityAccessReviews";
    checkText(op, "The reference", reference, LIMITS.sarName);
    const req = get(op, BUCKET.sar, SAR, { filter: scim.co("name", reference), limit: LIMITS.pageSize.max });
    const found = await this.all(req, dataItems(op, shape.toSar), opts);
    // `co` is case-insensitive at Okta; the reference is matched exactly here.
    return found.filter((sar) => sar.name.includes(reference));
  }

  async getSecurityAccessReviewStats(opts?: CallOptions) {
    const op = "getSecurityAccessReviewsStats";
    return shape.toObject(await this.body(get(op, BUCKET.sar, `${SAR}/stats`), opts), op);
  }

  async addSecurityAccessReviewComment(id: SarId, comment: string, opts?: CallOptions): Promise<void> {
    const op = "addSecurityAccessReviewComment";
    checkId(op, "The review id", id);
    checkText(op, "The comment", comment, LIMITS.sarComment);
    await this.http.request(post(op, BUCKET.sar, `${SAR}/${seg(id)}/comment`, { comment }), opts);
  }

  // Triage and remediation (sar-triage-client.ts).
  listSecurityAccessReviewAccesses: OktaGovernance["listSecurityAccessReviewAccesses"] = (...a) => this.triage.listSecurityAccessReviewAccesses(...a);
  getSecurityAccessReviewPrincipalDetails: OktaGovernance["getSecurityAccessReviewPrincipalDetails"] = (...a) => this.triage.getSecurityAccessReviewPrincipalDetails(...a);
  listSecurityAccessReviewSubAccesses: OktaGovernance["listSecurityAccessReviewSubAccesses"] = (...a) => this.triage.listSecurityAccessReviewSubAccesses(...a);
  listSecurityAccessReviewAccessesAnomalies: OktaGovernance["listSecurityAccessReviewAccessesAnomalies"] = (...a) => this.triage.listSecurityAccessReviewAccessesAnomalies(...a);
  executeSecurityAccessReviewAccessesAction: OktaGovernance["executeSecurityAccessReviewAccessesAction"] = (...a) => this.triage.executeSecurityAccessReviewAccessesAction(...a);
  listSecurityAccessReviewActions: OktaGovernance["listSecurityAccessReviewActions"] = (...a) => this.triage.listSecurityAccessReviewActions(...a);
  executeSecurityAccessReviewAction: OktaGovernance["executeSecurityAccessReviewAction"] = (...a) => this.triage.executeSecurityAccessReviewAction(...a);
  updateSecurityAccessReview: OktaGovernance["updateSecurityAccessReview"] = (...a) => this.triage.updateSecurityAccessReview(...a);
  listSecurityAccessReviewHistory: OktaGovernance["listSecurityAccessReviewHistory"] = (...a) => this.triage.listSecurityAccessReviewHistory(...a);
  generateSecurityAccessReviewSummary: OktaGovernance["generateSecurityAccessReviewSummary"] = (...a) => this.triage.generateSecurityAccessReviewSummary(...a);
  generateSecurityAccessReviewAccessesSummary: OktaGovernance["generateSecurityAccessReviewAccessesSummary"] = (...a) =>
    this.triage.generateSecurityAccessReviewAccessesSummary(...a);

  async listRequests(query: ListRequestsQuery, opts?: CallOptions) {
    const op = "listAllRequestsV2";
    checkLimit(op, query.limit);
    const req = get(op, BUCKET.requests, REQUESTS, { ...query });
    return this.onePage(req, dataItems(op, shape.toAccessRequest), opts);
  }

  async getRequest(id: AccessRequestId, opts?: CallOptions) {
    const op = "getRequestV2";
    checkId(op, "The request id", id);
    return shape.toAccessRequest(await this.body(get(op, BUCKET.requests, `${REQUESTS}/${seg(id)}`), opts), op);
  }

  async createRequestMessage(id: AccessRequestId, message: string, opts?: CallOptions): Promise<RequestMessage> {
    const op = "createRequestMessageV2";
    checkId(op, "The request id", id);
    checkText(op, "The message", message, LIMITS.requestMessage);
    const res = await this.http.request(post(op, BUCKET.requests, `${REQUESTS}/${seg(id)}/messages`, { message }), opts);
    if (res.body !== undefined) return shape.toRequestMessage(res.body, op);
    // Okta documents the 201 without a body; the Location header (if any) names the message.
    const location = res.headers.get("location");
    const messageId = location ? (location.split("/").filter(Boolean).pop() ?? "") : "";
    return { id: messageId, message };
  }
}
