// Whom a review is about and who reviews it: every way a responder can name
// a person, the statuses each accepts, and typed input that is refused
// before any Okta call.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { IdentityAmbiguous, IdentityInactive, IdentityNotFound, ValidationFailed } from "../../../src/governance/errors.js";
import { coreHarnessForFile, DEMO_USERS, rejectionOf, type CoreHarness } from "../../support/core-harness.js";

const harness = coreHarnessForFile();
let h: CoreHarness;
beforeAll(() => {
  harness().sandbox.org.addUser({ login: "hank@corp.example.com", email: "hank@personal.example.net" });
  harness().sandbox.org.addUser({ login: "o'brien@example.com", email: "o'brien@example.com" });
});
beforeEach(async () => {
  h = harness();
  await h.reset();
});

const { dan, gina, sam, erin, patOne, patTwo } = DEMO_USERS;

describe("resolveTarget", () => {
  it.each([
    ["a chat mention", () => h.mentionOf("dan")],
    ["an email", () => ({ kind: "email" as const, email: dan.email })],
    ["an email in another case", () => ({ kind: "email" as const, email: dan.email.toUpperCase() })],
    ["an Okta user id", () => ({ kind: "okta-id" as const, id: dan.id })],
    ["a login", () => ({ kind: "login" as const, login: dan.login })],
  ])("finds the target named by %s", async (_how, input) => {
    const user = await h.identity.resolveTarget(input());
    expect(user).toMatchObject({ id: dan.id, status: "ACTIVE", profile: { login: dan.login } });
  });

  it("finds a typed email through the login when no profile email matches", async () => {
    const user = await h.identity.resolveTarget({ kind: "email", email: "hank@corp.example.com" });
    expect(user.profile.login).toBe("hank@corp.example.com");
    expect(h.oktaCalls({ operationId: "listUsers" })).toBe(2);
  });

  it("looks up an email with an apostrophe, quoted by the filter builder", async () => {
    const user = await h.identity.resolveTarget({ kind: "email", email: "o'brien@example.com" });
    expect(user.profile.login).toBe("o'brien@example.com");
  });

  it("accepts a suspended target: suspended users are often the subject of a review", async () => {
    await expect(h.identity.resolveTarget({ kind: "okta-id", id: sam.id })).resolves.toMatchObject({ status: "SUSPENDED" });
  });

  it.each([
    ["Okta id", () => ({ kind: "okta-id" as const, id: gina.id })],
    ["email", () => ({ kind: "email" as const, email: gina.email })],
    ["login", () => ({ kind: "login" as const, login: gina.login })],
    ["chat mention", () => h.mentionOf("gina")],
  ])("refuses a deprovisioned target named by %s", async (_how, input) => {
    const err = await rejectionOf(h.identity.resolveTarget(input()));
    expect(err).toBeInstanceOf(IdentityInactive);
    expect((err as IdentityInactive).message).toContain(gina.login);
    expect((err as IdentityInactive).message).toContain("DEPROVISIONED");
  });

  it("refuses an email two Okta users share, naming both", async () => {
    const err = await rejectionOf(h.identity.resolveTarget({ kind: "email", email: "pat@example.com" }));
    expect(err).toBeInstanceOf(IdentityAmbiguous);
    expect([...(err as IdentityAmbiguous).candidates].sort()).toEqual([patOne.login, patTwo.login]);
  });

  it.each([
    ["email", { kind: "email" as const, email: "nobody@example.com" }],
    ["login", { kind: "login" as const, login: "nobody@example.com" }],
    ["Okta id", { kind: "okta-id" as const, id: "00unobody00000000000" }],
  ])("says no Okta user matches an unknown %s", async (_how, input) => {
    const err = await rejectionOf(h.identity.resolveTarget(input));
    expect(err).toBeInstanceOf(IdentityNotFound);
    expect((err as IdentityNotFound).hint).toContain("Okta login");
  });

  it("explains a mentioned user whose email the platform would not give", async () => {
    const err = await rejectionOf(h.identity.resolveTarget(h.mentionOf("dan", { email: null, userId: "U_HIDDEN" })));
    expect(err).toBeInstanceOf(IdentityNotFound);
    expect((err as IdentityNotFound).message).toContain("@dan");
  });

  it("finds a mentioned user through an admin's link", async () => {
    await h.link({ userId: "U_DANLINK" }, "dan");
    const user = await h.identity.resolveTarget(h.mentionOf("erin", { userId: "U_DANLINK", email: null }));
    expect(user.id).toBe(dan.id);
  });

  it.each([
    ["an email carrying a filter clause", { kind: "email" as const, email: 'x" or status eq "ACTIVE' }],
    ["an email with a line break", { kind: "email" as const, email: "dan\n@example.com" }],
    ["a path in place of an Okta id", { kind: "okta-id" as const, id: "../../api/v1/users" }],
    ["an over-long login", { kind: "login" as const, login: `${"a".repeat(300)}@example.com` }],
    ["a login without @", { kind: "login" as const, login: "dan" }],
  ])("refuses %s as a form error, before calling Okta", async (_how, input) => {
    const err = await rejectionOf(h.identity.resolveTarget(input));
    expect(err).toBeInstanceOf(ValidationFailed);
    expect(Object.keys((err as ValidationFailed).fields)).toEqual(["target"]);
    expect((err as ValidationFailed).message.length).toBeLessThan(200);
    expect(h.oktaCalls()).toBe(0);
  });
});

describe("resolveReviewer", () => {
  it.each([
    ["login", erin.login],
    ["Okta id", erin.id],
  ])("finds an active reviewer by %s", async (_how, name) => {
    await expect(h.identity.resolveReviewer(name)).resolves.toMatchObject({ id: erin.id, status: "ACTIVE" });
  });

  it("finds an active reviewer by chat mention", async () => {
    await expect(h.identity.resolveReviewer(h.mentionOf("frank"))).resolves.toMatchObject({ id: DEMO_USERS.frank.id });
  });

  it.each([
    ["suspended", sam.login, "SUSPENDED"],
    ["deprovisioned", gina.id, "DEPROVISIONED"],
  ])("refuses a %s reviewer: reviewers must be active", async (_how, name, status) => {
    const err = await rejectionOf(h.identity.resolveReviewer(name));
    expect(err).toBeInstanceOf(IdentityInactive);
    expect((err as IdentityInactive).message).toContain(status);
    expect((err as IdentityInactive).message).toContain("reviewers must be ACTIVE");
  });

  it("refuses text that names nobody as a form error on the reviewers field", async () => {
    const err = await rejectionOf(h.identity.resolveReviewer("<!channel>"));
    expect(err).toBeInstanceOf(ValidationFailed);
    expect((err as ValidationFailed).fields).toEqual({ reviewers: '"<!channel>" is not an Okta login, email or 00u... id.' });
    expect(h.oktaCalls()).toBe(0);
  });
});
