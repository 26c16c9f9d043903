// Real recorded Okta traffic (../shared/recorded/okta-real, see SOURCES.md
// there) served on loopback, the org and its admin host on two distinct
// origins, and the real client driven through every operation the bot uses
// that has a recording: each answer must parse into the client's types with
// nothing lost. The first real governance page links its next page on the
// admin host; the client must take it, and the following page comes from
// the sandbox.
import { pino } from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createOktaClient, OktaNotFound, OktaRateLimited, OktaBadRequest } from "../../src/adapters/okta/index.js";
import { errorFromResponse } from "../../src/adapters/okta/error-mapping.js";
import type { AccessRequestId, OktaUserId, SarId } from "../../src/governance/okta/types.js";
import type { Clock, OktaGovernance } from "../../src/governance/ports.js";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/index.js";
import { DEMO_USERS } from "../../src/sandbox/org/index.js";
import { adminTwin, loadCassettes, describeWithRecordings, loadDocumentedSarCreate, type Cassette, type Interaction } from "./support/cassettes.js";
import { startReplayServer, type ReplayServer } from "./support/replay-server.js";

const silent = pino({ level: "silent" });
type Json = Record<string, unknown>;

describeWithRecordings("the client against recorded real Okta traffic", () => {
  let replay: ReplayServer;
  let cassettes: Cassette[];
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    cassettes = loadCassettes();
    replay = await startReplayServer();
    sandbox = await startSandbox({ seed: "demo" });
  });
  afterAll(async () => {
    await replay?.close();
    await sandbox?.close();
  });

  const cassette = (suffix: string): Cassette => {
    const found = cassettes.find((c) => c.file.endsWith(suffix));
    if (!found) throw new Error(`no recording ${suffix} under ../shared/recorded/okta-real`);
    return found;
  };

  /** The recorded body of `interaction` as the client sees it: the recorded hosts replaced by the loopback ones. */
  const seen = (c: Cassette, interaction: Interaction): unknown =>
    JSON.parse(interaction.body.replaceAll(`https://${c.adminHost}`, replay.adminUrl).replaceAll(`https://${c.orgHost}`, replay.orgUrl));

  const recorded = (c: Cassette, method: string, pathAndQuery: string): Interaction => {
    const hit = c.interactions.find((i) => i.method === method && `${i.url.pathname}${i.url.search}`.startsWith(pathAndQuery));
    if (!hit) throw new Error(`${c.file} has no ${method} ${pathAndQuery}`);
    return hit;
  };

  function client(c: Cassette, options: { clock?: Clock; fallback?: boolean } = {}): OktaGovernance {
    replay.mount(c, options.fallback ? { url: sandbox.url, adminUrl: sandbox.adminUrl } : undefined);
    replay.missed.length = 0;
    return createOktaClient({
      orgUrl: new URL(replay.orgUrl),
      adminUrl: new URL(replay.adminUrl),
      // The recordings were made with SSWS tokens; the sandbox (for the following page) accepts its own.
      auth: { kind: "ssws", apiToken: sandbox.apiToken },
      logger: silent,
      retry: "never",
      ...(options.clock && { clock: options.clock }),
    });
  }

  it("serves every recorded interaction on loopback with no recorded org or admin host left in it", async () => {
    let count = 0;
    for (const c of cassettes) {
      replay.mount(c);
      for (const i of c.interactions) {
        const res = await fetch(new URL(`${i.url.pathname}${i.url.search}`, replay.orgUrl), { method: i.method, ...(i.requestBody !== undefined && { body: i.requestBody }) });
        const text = await res.text();
        expect(res.status, `${c.file} ${i.method} ${i.url.pathname}`).toBe(i.status);
        expect(text.includes(`https://${c.orgHost}`) || text.includes(`https://${c.adminHost}`)).toBe(false);
        count += 1;
      }
    }
    expect(replay.missed).toEqual([]);
    expect(count).toBeGreaterThan(100);
  });

  it("pages through the real requests page (10 items, next link on the admin host), then the sandbox's following page", async () => {
    const c = cassette("cb98d23/requests/list_all_requests_v2.yaml");
    const page1 = recorded(c, "GET", "/governance/api/v2/requests?limit=10");
    const body = seen(c, page1) as { data: Json[]; _links: { next: { href: string } } };
    expect(new URL(body._links.next.href).origin).toBe(replay.adminUrl);
    // The sandbox holds the recorded requests too, so the cursor Okta gave names a request it knows. The real
    // page is in id order, the sandbox's default is `created`: their seeded times follow the recorded order.
    body.data.forEach((r, i) => {
      if (!sandbox.org.listRequests().some((known) => known.id === r.id)) {
        sandbox.org.addRequest({ id: String(r.id), requestedFor: DEMO_USERS.dan.id, created: new Date(Date.UTC(2025, 7, 6, 0, 0, i)).toISOString(), status: "REJECTED" });
      }
    });
    const okta = client(c, { fallback: true });
    const first = await okta.listRequests({ limit: 10 });
    expect(first.items).toEqual(body.data);
    expect(first.nextAfter).toBe("req104xh4jTL48Q7l1d7");
    const second = await okta.listRequests({ limit: 10, after: first.nextAfter });
    expect(replay.forwarded.at(-1)).toMatch(/^GET org \/governance\/api\/v2\/requests\?/);
    expect(second.items.length).toBeGreaterThan(0);
    expect(second.items.some((r) => body.data.some((d) => d.id === r.id))).toBe(false);
    expect(replay.missed).toEqual([]);
  });

  it.each([
    "c872f2f/requests/list_all_requests_v2.yaml",
  ])("reads an empty real requests page (%s)", async (file) => {
    const c = cassette(file);
    await expect(client(c).listRequests({ limit: 10 })).resolves.toEqual({ items: [] });
    expect(replay.missed).toEqual([]);
  });

  it.each([
    ["cb98d23/security_access_reviews/list_security_access_reviews.yaml", 10],
    ["c872f2f/security_access_reviews/list_security_access_reviews.yaml", 10],
    ["c872f2f/security_access_reviews/get_security_access_review.yaml", 1],
  ])("reads a real SAR list whose self link names the admin host and the default order (%s)", async (file, limit) => {
    const c = cassette(file);
    const body = seen(c, c.interactions[0]!) as { _links: { self: { href: string; hints: object } } };
    expect(body._links.self).toEqual({ href: `${replay.adminUrl}/governance/api/v2/security-access-reviews?limit=${limit}&orderBy=created%20asc`, hints: {} });
    await expect(client(c).listSecurityAccessReviews({ limit })).resolves.toEqual({ items: [] });
    expect(replay.missed).toEqual([]);
  });

  it.each(["cb98d23/security_access_reviews/get_stats.yaml", "c872f2f/security_access_reviews/get_stats.yaml"])("reads real SAR stats (%s)", async (file) => {
    const c = cassette(file);
    await expect(client(c).getSecurityAccessReviewStats()).resolves.toEqual(seen(c, c.interactions[0]!));
  });

  it.each([
    ["TestAccDataSourceOktaRequestV2_read/oie-00.yaml", "req104z0pt0RqpJ091d7"],
    ["TestAccRequestV2Resource_basic/oie-00.yaml", "req10jtm6kFwkMrUN1d7"],
  ])("reads a real access request with everything in it (%s)", async (file, requestId) => {
    const c = cassette(file);
    const got = await client(c).getRequest(requestId as AccessRequestId);
    expect(got).toEqual(seen(c, recorded(c, "GET", `/governance/api/v2/requests/${requestId}`)));
  });

  it("finds a real user by email (search, limit 200)", async () => {
    const c = cassette("TestAccDataSourceOktaUsers_IncludeNone/oie-00.yaml");
    const got = await client(c).findUsersByProfileAttribute("email", "testAcc-2481250347@example.com");
    expect(got).toEqual(seen(c, recorded(c, "GET", "/api/v1/users?limit=200")));
    expect(got).toHaveLength(1);
    expect(replay.missed).toEqual([]);
  });

  it.each([
    ["TestAccDataSourceOktaUsers_IncludeNone/oie-00.yaml", "00ukwqsklxY6agwEZ1d7"],
    ["TestAccResourceOktaUserAdminRoles_crud/oie-00.yaml", "00ukwr8iwz9tD7ZV11d7"],
    ["TestAccDataSourceOktaUser_read/oie-00.yaml", "00uvoxb2x3hV9LWwK1d7"],
    ["TestUsersResource.test_create_get_user.yaml", "00usfhrjbkppPBkoY4x6"],
    ["TestUsersResource.test_create_get_user.yaml", "John.Doe-Get@example.com"],
  ])("gets a real user by id or login (%s, %s)", async (file, idOrLogin) => {
    const c = cassette(file);
    const got = await client(c).getUser(idOrLogin);
    expect(got).toEqual(seen(c, recorded(c, "GET", `/api/v1/users/${idOrLogin}`)));
  });

  it("maps the real 404 E0000007 for a deleted user to OktaNotFound", async () => {
    const c = cassette("TestUsersResource.test_create_get_user.yaml");
    const okta = client(c);
    await okta.getUser("00usfhrjbkppPBkoY4x6"); // the first recorded answer is the 200
    await expect(okta.getUser("00usfhrjbkppPBkoY4x6")).rejects.toBeInstanceOf(OktaNotFound);
  });

  it.each([
    ["TestAccDataSourceOktaUsers_IncludeNone/oie-00.yaml", "00ukwqsklxY6agwEZ1d7"],
    ["TestAccDataSourceOktaUser_read/oie-00.yaml", "00uvoxb2x3hV9LWwK1d7"],
    ["TestUsersResource.test_list_user_groups.yaml", "00uqrkpsp7ZR4AkPB5d7"],
  ])("lists a real user's groups with everything in them (%s)", async (file, userId) => {
    const c = cassette(file);
    const got = await client(c).listUserGroups(userId as OktaUserId);
    expect(got).toEqual(seen(c, recorded(c, "GET", `/api/v1/users/${userId}/groups`)));
    expect(replay.missed).toEqual([]);
  });

  it.each([
    ["TestAccDataSourceOktaUsers_IncludeNone/oie-00.yaml", "00ukwqsklxY6agwEZ1d7"],
    ["TestAccDataSourceOktaUser_read/oie-00.yaml", "00uvoxb2x3hV9LWwK1d7"],
    ["TestAccResourceOktaUserAdminRoles_crud/oie-00.yaml", "00ukwr8iwz9tD7ZV11d7"],
    ["TestUsersResource.test_assign_user_to_role.yaml", "00usfex7wP9lvobJ84x6"],
  ])("lists a real user's admin roles (%s)", async (file, userId) => {
    const c = cassette(file);
    const got = await client(c).listUserAdminRoles(userId as OktaUserId);
    const raw = seen(c, recorded(c, "GET", `/api/v1/users/${userId}/roles`)) as Json[];
    // The client's role type is a projection (id, type, label, status, custom role id): each of those must match.
    expect(got).toEqual(
      raw.map((r) => ({
        id: r.id,
        type: r.type,
        ...(typeof r.label === "string" && { label: r.label }),
        ...(typeof r.status === "string" && { status: r.status }),
        ...(typeof r.role === "string" && { role: r.role }),
      })),
    );
    expect(replay.missed).toEqual([]);
  });

  it("creates a SAR and reads Okta's documented answer (not a recording: none exists) with nothing lost", async () => {
    const docs = loadDocumentedSarCreate();
    const host = new URL(String((docs.response._links as { securityAccessReviewDetails: { href: string } }).securityAccessReviewDetails.href)).host;
    const c: Cassette = {
      file: "okta-developer-docs",
      orgHost: host,
      adminHost: adminTwin(host),
      interactions: [
        {
          method: "POST",
          url: new URL(`https://${host}/governance/api/v2/security-access-reviews`),
          requestBody: JSON.stringify(docs.request),
          status: 202,
          headers: [["Content-Type", ["application/json"]]],
          body: JSON.stringify(docs.response),
        },
      ],
    };
    const created = String(docs.response.created);
    const okta = client(c, { clock: { now: () => new Date(created) } });
    const request = docs.request as { principalId: string; name: string; reviewerSettings: { userSettings: { includedUserIds: string[] } } };
    // The documented request lists the principal among its reviewers, which Okta refuses: the client leaves it out.
    const reviewerIds = request.reviewerSettings.userSettings.includedUserIds.filter((id) => id !== request.principalId) as OktaUserId[];
    const sar = await okta.createSecurityAccessReview({ principalId: request.principalId as OktaUserId, name: request.name, endTime: String(docs.response.endTime), reviewerIds });
    const expected = seen(c, c.interactions[0]!) as Json;
    expect(sar).toEqual({ ...expected, links: { securityAccessReviewDetails: { href: `${replay.orgUrl}/governance/api/v2/security-access-reviews/${String(expected.id)}` } } });
    expect(sar.id).toBe("sar1lo5X9wmNTFX7x0g4" as SarId);
  });

  it("maps the real governance 400 E0000001 (with errorCauses) and the real 429 without Retry-After to the client's errors", () => {
    const bad = recorded(cassette("create_delete_request_type.yaml"), "POST", "/governance/api/v1/request-types");
    expect(bad.status).toBe(400);
    const badError = errorFromResponse({ operation: "createRequestType", status: 400, headers: new Headers(), body: JSON.parse(bad.body) as unknown, retryAfterMs: 0, bucket: "governance" });
    expect(badError).toBeInstanceOf(OktaBadRequest);
    expect(badError.oktaErrorCode).toBe("E0000001");
    const limited = recorded(cassette("test_list_agent_pools_with_multiple_pool_types.yaml"), "GET", "/api/v1/agentPools?limitPerPoolType=5&poolType=Radius");
    expect(limited.status).toBe(429);
    const headers = new Headers(limited.headers.map(([name, vals]) => [name, vals.join(", ")]));
    expect(headers.get("retry-after")).toBeNull();
    const limitedError = errorFromResponse({ operation: "listAgentPools", status: 429, headers, body: JSON.parse(limited.body) as unknown, retryAfterMs: 1_000, bucket: "agents" });
    expect(limitedError).toBeInstanceOf(OktaRateLimited);
    expect(limitedError.oktaErrorCode).toBe("E0000047");
  });
});
