import { describe, expect, it } from "vitest";
import { DEMO_APPS, DEMO_USERS } from "../../../src/sandbox/org/index.js";
import { nextLink, orgHarness, T0 } from "./route-harness.js";

const DAY = 86_400_000;
const inDays = (days: number) => new Date(T0.getTime() + days * DAY).toISOString();

const validBody = (overrides: Record<string, unknown> = {}) => ({
  principalId: DEMO_USERS.dan.id,
  name: "SAR dan.target INC-4711 L-abc123",
  endTime: inDays(7),
  reviewerSettings: { type: "USER", userSettings: { includedUserIds: [DEMO_USERS.erin.id, DEMO_USERS.frank.id] } },
  ...overrides,
});
const reviewers = (ids: unknown[]) => ({ type: "USER", userSettings: { includedUserIds: ids } });

type SarBody = { id: string; status: string; name: string; lastUpdated: string; createdBy: string };
type ErrorBody = { errorCode: string; errorSummary: string; errorCauses: { errorSummary: string }[] };

describe("createSecurityAccessReview", () => {
  it("answers 202 with a PENDING review naming its reviewers", async () => {
    const { call } = orgHarness();
    const res = await call("createSecurityAccessReview", { body: validBody() });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      status: "PENDING",
      name: "SAR dan.target INC-4711 L-abc123",
      endTime: inDays(7),
      createdBy: "0oabotclient00000001",
      reviewerSettings: {
        type: "USER",
        userSettings: {
          includedUserIds: [DEMO_USERS.erin.id, DEMO_USERS.frank.id],
          includedUserProfiles: [
            expect.objectContaining({ id: DEMO_USERS.erin.id, login: DEMO_USERS.erin.login, status: "ACTIVE" }),
            expect.objectContaining({ id: DEMO_USERS.frank.id }),
          ],
        },
      },
    });
    expect((res.body as SarBody).id).toMatch(/^sar[0-9A-Za-z]{17}$/);
  });

  const invalid: [string, Record<string, unknown>, RegExp][] = [
    ["a principal that does not exist", { principalId: "00u00000000000000bad" }, /00u00000000000000bad not found/],
    ["a principal id of the wrong length", { principalId: "00ushort" }, /fewer than 20 characters/],
    ["a group as principal", { principalId: "00gdemoresponders000" }, /not found/],
    ["no reviewers", { reviewerSettings: reviewers([]) }, /fewer than 1 items/],
    [
      "eleven reviewers",
      { reviewerSettings: reviewers(Array.from({ length: 11 }, () => DEMO_USERS.erin.id)) },
      /more than 10 items/,
    ],
    ["a reviewer that does not exist", { reviewerSettings: reviewers(["00u0000000000000none"]) }, /not found/],
    ["a deprovisioned reviewer", { reviewerSettings: reviewers([DEMO_USERS.gina.id]) }, /not an active user/],
    ["the principal as a reviewer", { reviewerSettings: reviewers([DEMO_USERS.dan.id]) }, /cannot be one of its reviewers/],
    ["an empty name", { name: "" }, /fewer than 1 characters/],
    ["a 256-character name", { name: "n".repeat(256) }, /more than 255 characters/],
    ["an end time under a day ahead", { endTime: new Date(T0.getTime() + DAY - 1000).toISOString() }, /at least 1 day/],
    ["an end time over six months ahead", { endTime: inDays(186) }, /at most 6 months/],
    ["an end time that is not a date-time", { endTime: "next week" }, /date-time/],
    ["a reviewer type other than USER", { reviewerSettings: { type: "GROUP", userSettings: { includedUserIds: [DEMO_USERS.erin.id] } } }, /USER/],
  ];
  it.each(invalid)("refuses %s with 400 E0000001 naming the cause", async (_, overrides, cause) => {
    const { org, call } = orgHarness();
    const res = await call("createSecurityAccessReview", { body: validBody(overrides) });
    expect(res.status).toBe(400);
    const body = res.body as ErrorBody;
    expect(body.errorCode).toBe("E0000001");
    expect(body.errorSummary).toMatch(/^Api validation failed: /);
    expect(body.errorCauses.map((c) => c.errorSummary).join("\n")).toMatch(cause);
    expect(org.listSars()).toEqual([]);
  });

  it("accepts exactly one day and exactly six months ahead", async () => {
    const { call } = orgHarness();
    const sixMonths = new Date(T0);
    sixMonths.setUTCMonth(sixMonths.getUTCMonth() + 6);
    for (const endTime of [inDays(1), sixMonths.toISOString()]) {
      expect((await call("createSecurityAccessReview", { body: validBody({ endTime }) })).status).toBe(202);
    }
  });

  it("reports every problem of a body at once, and a missing body as such", async () => {
    const { call } = orgHarness();
    const res = await call("createSecurityAccessReview", { body: { name: "" } });
    const causes = (res.body as ErrorBody).errorCauses.map((c) => c.errorSummary);
    expect(causes).toEqual(
      expect.arrayContaining([
        "must NOT have fewer than 1 characters",
        "must have required property 'principalId'",
        "must have required property 'reviewerSettings'",
      ]),
    );
    expect((await call("createSecurityAccessReview", { body: undefined })).status).toBe(400);
    expect((await call("createSecurityAccessReview", { body: [1, 2] })).status).toBe(400);
  });
});

describe("SAR lifecycle", () => {
  it("is PENDING, then ACTIVE once the activation delay has passed, then CLOSED by CLOSE_REVIEW", async () => {
    const { call, clock } = orgHarness({ sarActivationDelayMs: 60_000 });
    const created = (await call("createSecurityAccessReview", { body: validBody() })).body as SarBody;
    const get = async () => (await call("getSecurityAccessReview", { params: { securityAccessReviewId: created.id } })).body as SarBody;

    clock.advance(59_999);
    expect((await get()).status).toBe("PENDING");
    clock.advance(1);
    const active = await get();
    expect(active.status).toBe("ACTIVE");
    // Governance timestamps have whole seconds and no fraction, as real Okta writes them.
    expect(active.lastUpdated).toBe(new Date(T0.getTime() + 60_000).toISOString().replace(".000Z", "Z"));

    clock.advance(5_000);
    const closing = await call("executeSecurityAccessReviewAction", {
      params: { securityAccessReviewId: created.id },
      body: { actionType: "CLOSE_REVIEW" },
    });
    expect(closing.status).toBe(202);
    const closed = await get();
    expect(closed.status).toBe("CLOSED");
    expect(closed.lastUpdated).toBe(new Date(T0.getTime() + 65_000).toISOString().replace(".000Z", "Z"));

    const again = await call("executeSecurityAccessReviewAction", {
      params: { securityAccessReviewId: created.id },
      body: { actionType: "CLOSE_REVIEW" },
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ errorCode: "E0000169" });
  });

  it("closes by itself at its end time", async () => {
    const { org, call, clock } = orgHarness();
    const created = (await call("createSecurityAccessReview", { body: validBody({ endTime: inDays(2) }) })).body as SarBody;
    clock.advance(2 * DAY);
    expect(org.getSar(created.id)?.status).toBe("CLOSED");
  });

  it("shows ERROR when a test forces it, and counts every status in the stats", async () => {
    const { org, call, clock } = orgHarness({ sarActivationDelayMs: 1000 });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(((await call("createSecurityAccessReview", { body: validBody({ name: `r${i}` }) })).body as SarBody).id);
    clock.advance(1000);
    ids.push(((await call("createSecurityAccessReview", { body: validBody({ name: "late" }) })).body as SarBody).id);
    org.failSar(ids[0]!);
    org.closeSar(ids[1]!);
    const one = await call("getSecurityAccessReview", { params: { securityAccessReviewId: ids[0]! } });
    expect(one.body).toMatchObject({ status: "ERROR" });
    const stats = await call("getSecurityAccessReviewsStats");
    expect(stats.body).toEqual({ activeCount: 2, pendingCount: 1, closedCount: 1, errorCount: 1 });
  });

  it("answers an unknown review with 404 E0000007", async () => {
    const { call } = orgHarness();
    const res = await call("getSecurityAccessReview", { params: { securityAccessReviewId: "sar00000000000000404" } });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ errorCode: "E0000007" });
  });
});

describe("listSecurityAccessReviews", () => {
  it("finds a review by a reference its name contains, and only that one", async () => {
    const { call } = orgHarness();
    await call("createSecurityAccessReview", { body: validBody({ name: "SAR dan INC-1 L-aaa111" }) });
    const wanted = (await call("createSecurityAccessReview", { body: validBody({ name: "SAR dan INC-2 L-bbb222" }) })).body as SarBody;
    const res = await call("listSecurityAccessReviews", { query: { filter: 'name co "L-bbb222"' } });
    expect(res.status).toBe(200);
    expect((res.body as { data: SarBody[] }).data.map((s) => s.id)).toEqual([wanted.id]);
  });

  it("filters on the status as of now and on creation time", async () => {
    const { call, clock } = orgHarness({ sarActivationDelayMs: 1000 });
    const first = (await call("createSecurityAccessReview", { body: validBody({ name: "first" }) })).body as SarBody;
    clock.advance(1000);
    const second = (await call("createSecurityAccessReview", { body: validBody({ name: "second" }) })).body as SarBody;
    const active = await call("listSecurityAccessReviews", { query: { filter: 'status eq "ACTIVE"' } });
    expect((active.body as { data: SarBody[] }).data.map((s) => s.id)).toEqual([first.id]);
    const recent = await call("listSecurityAccessReviews", { query: { filter: `created gt "${T0.toISOString()}"` } });
    expect((recent.body as { data: SarBody[] }).data.map((s) => s.id)).toEqual([second.id]);
  });

  it("orders by name descending and pages with after, in the body's links and the Link header", async () => {
    const { call } = orgHarness();
    for (const name of ["b", "d", "a", "c", "e"]) await call("createSecurityAccessReview", { body: validBody({ name }) });
    const names: string[] = [];
    let query: Record<string, string> | URLSearchParams = { orderBy: "name desc", limit: "2" };
    for (let i = 0; i < 10; i++) {
      const res = await call("listSecurityAccessReviews", { query });
      const body = res.body as { data: SarBody[]; _links: { next?: { href: string } } };
      names.push(...body.data.map((s) => s.name));
      const next = nextLink(res);
      expect(body._links.next?.href).toBe(next?.href);
      if (!next) break;
      query = next.searchParams;
    }
    expect(names).toEqual(["e", "d", "c", "b", "a"]);
  });

  it("answers an unusable filter with 400 E0000053 and bad paging with 400 E0000029", async () => {
    const { call } = orgHarness();
    const badFilter = await call("listSecurityAccessReviews", { query: { filter: 'name sw "x"' } });
    expect(badFilter.status).toBe(400);
    expect(badFilter.body).toMatchObject({ errorCode: "E0000053", errorSummary: "Invalid SCIM filter." });
    const bad: Record<string, string>[] = [{ limit: "0" }, { limit: "201" }, { orderBy: "color asc" }, { after: "sar00000000000000404" }];
    for (const query of bad) {
      const res = await call("listSecurityAccessReviews", { query });
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.body).toMatchObject({ errorCode: "E0000029" });
    }
  });
});

describe("SAR accesses and comments", () => {
  it("lists the principal's apps, direct and through groups, once the review is ACTIVE", async () => {
    const { call, clock } = orgHarness({ sarActivationDelayMs: 1000 });
    const sar = (await call("createSecurityAccessReview", { body: validBody() })).body as SarBody;
    const params = { securityAccessReviewId: sar.id };
    expect(((await call("listSecurityAccessReviewAccesses", { params })).body as { data: unknown[] }).data).toEqual([]);
    clock.advance(1000);
    const res = await call("listSecurityAccessReviewAccesses", { params });
    const items = (res.body as { data: { resourceId: string; appInfo: { assignmentType: string } }[] }).data;
    const byApp = Object.fromEntries(items.map((i) => [i.resourceId, i.appInfo.assignmentType]));
    expect(byApp).toEqual({ [DEMO_APPS.awsConsole.id]: "INDIVIDUAL", [DEMO_APPS.github.id]: "GROUP", [DEMO_APPS.slack.id]: "GROUP" });
  });

  it("takes a comment of 1 to 1000 characters and keeps it", async () => {
    const { org, call } = orgHarness();
    const sar = (await call("createSecurityAccessReview", { body: validBody() })).body as SarBody;
    const params = { securityAccessReviewId: sar.id };
    expect((await call("addSecurityAccessReviewComment", { params, body: { comment: "c".repeat(1000) } })).status).toBe(204);
    for (const comment of ["", "c".repeat(1001), 42]) {
      const res = await call("addSecurityAccessReviewComment", { params, body: { comment } });
      expect(res.status).toBe(400);
    }
    expect(org.getSar(sar.id)?.comments.map((c) => c.comment.length)).toEqual([1000]);
  });

  it("refuses an unknown action type", async () => {
    const { call } = orgHarness();
    const sar = (await call("createSecurityAccessReview", { body: validBody() })).body as SarBody;
    const res = await call("executeSecurityAccessReviewAction", {
      params: { securityAccessReviewId: sar.id },
      body: { actionType: "DELETE_EVERYTHING" },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errorCode: "E0000001" });
  });
});
