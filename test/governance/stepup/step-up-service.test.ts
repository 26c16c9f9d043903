/**
 * The step-up challenge lifecycle in the core, on real parts (the sandbox
 * org over HTTP as the OIDC provider, openid-client, a migrated store):
 * Approve under `stepUp: true` makes a challenge and a private link, the link
 * redirects to Okta with PKCE, state, nonce and max_age=0, and only a
 * verified callback by the approver records the approval, once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../../src/governance/actor.js";
import type { Reply } from "../../../src/governance/replies.js";
import { createStepUpOidc, createStepUpService, type StepUpService } from "../../../src/governance/stepup/index.js";
import type { LaunchId } from "../../../src/governance/store.js";
import { createLaunchBench, expectError, launchOf, policyVariant, submit, validForm, type LaunchBench } from "../sar/launch-bench.js";

const REDIRECT = "http://127.0.0.1:9/stepup/callback";
const STEP_UP_POLICY = policyVariant((yaml) => yaml.replace(/^(\s+expiresAfter: .*)$/m, "$1\n    stepUp: true\n    acrValues: urn:okta:loa:2fa:any"));

describe("step-up challenge lifecycle", () => {
  let bench: LaunchBench;
  let service: StepUpService;

  beforeAll(async () => {
    expect(STEP_UP_POLICY).toContain("stepUp: true");
    // The ID token's auth_time is checked against wall time (max_age=0, 30 s tolerance), so the sandbox signs in on
    // wall time too: on the manual clock a slow start-up on a busy machine would make every sign-in look stale.
    bench = await createLaunchBench({ policy: STEP_UP_POLICY, jobs: true, sandboxClock: "system" });
    const { sandbox } = bench.h;
    sandbox.allowRedirectUri(sandbox.webClient.clientId, REDIRECT);
    service = createStepUpService({
      store: bench.h.store,
      identity: bench.h.identity,
      policy: bench.h.policy,
      audit: bench.h.audit,
      clock: bench.h.clock,
      logger: bench.h.logger,
      oidc: createStepUpOidc({ issuer: new URL(sandbox.url), clientId: sandbox.webClient.clientId, clientSecret: sandbox.webClient.clientSecret, redirectUri: () => REDIRECT }),
      startUrl: () => "https://bot.example.com/stepup/start",
      decide: (actor, input) => bench.service.decide(actor, input),
      matchAttribute: "profile.email",
    });
  }, 60_000);
  afterAll(async () => bench?.close());

  const bob = (): Actor => bench.h.actorFor("bob");
  async function pending(): Promise<string> {
    return launchOf(await submit(bench, bench.h.actorFor("alice"), validForm())).id;
  }
  function linkIn(reply: Reply): string {
    if (reply.type !== "text" || reply.private !== true) throw new Error(`expected a private text reply, got ${JSON.stringify(reply)}`);
    const match = /https:\/\/bot\.example\.com\/stepup\/start\?c=([A-Za-z0-9_-]{43})/.exec(reply.text);
    if (match === null) throw new Error(`no link in: ${reply.text}`);
    return match[1]!;
  }
  /** Follows the link to Okta and signs in there as `userId`; returns the callback URL. */
  async function signIn(secret: string, userId: string): Promise<URL> {
    const opened = await service.open(secret);
    if (opened.kind !== "redirect") throw new Error(`expected a redirect, got ${JSON.stringify(opened)}`);
    const form = new URL(opened.location).searchParams;
    form.set("sandbox_user", userId);
    const res = await fetch(new URL("/oauth2/v1/authorize", opened.location), { method: "POST", body: form, redirect: "manual" });
    expect(res.status).toBe(302);
    return new URL(res.headers.get("location") ?? "");
  }
  const decisions = (id: string) => bench.h.store.listDecisions(id as LaunchId);

  it("Approve makes a private link and a single-use challenge bound to the launch and approver; nothing is decided yet", async () => {
    const id = await pending();
    const secret = linkIn(await service.decide(bob(), { launchId: id, decision: "approve" }));
    expect(await decisions(id)).toEqual([]);
    const opened = await service.open(secret);
    expect(opened.kind).toBe("redirect");
    const authorize = new URL(opened.kind === "redirect" ? opened.location : "");
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: bench.h.sandbox.webClient.clientId,
      redirect_uri: REDIRECT,
      response_type: "code",
      scope: "openid",
      code_challenge_method: "S256",
      max_age: "0",
      acr_values: "urn:okta:loa:2fa:any",
    });
    const challenge = await bench.h.store.getStepUpChallengeByState(authorize.searchParams.get("state") ?? "");
    expect(challenge).toMatchObject({ launchId: id, approver: { oktaUserId: bench.h.oktaIdOf("bob") }, consumedAt: null });
    expect(challenge!.expiresAt.getTime() - bench.h.clock.now().getTime()).toBe(5 * 60_000);
    // The link carries a secret; the store keeps only its hash.
    expect(challenge!.id).not.toContain(secret);
    const audit = await bench.h.store.queryAudit({ launchId: id as LaunchId });
    expect(audit.some((e) => e.action === "sar.launch.step-up" && e.outcome === "requested")).toBe(true);
  });

  it("a verified sign-in by the approver records the approval once, with the proof; a second callback is refused", async () => {
    const id = await pending();
    const callback = await signIn(linkIn(await service.decide(bob(), { launchId: id, decision: "approve" })), bench.h.oktaIdOf("bob"));
    const done = await service.callback(callback, "corr-1");
    expect(done).toMatchObject({ kind: "page", status: 200, title: "Approved" });
    const recorded = await decisions(id);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.verification).toMatchObject({ issuer: bench.h.sandbox.url, sub: bench.h.oktaIdOf("bob"), acr: "urn:okta:loa:2fa:any" });
    expect((await bench.h.store.getLaunch(id as LaunchId))?.state).toBe("APPROVED");
    expect(await service.callback(callback, "corr-2")).toMatchObject({ kind: "page", status: 410 });
    expect(await decisions(id)).toHaveLength(1);
  });

  it("records the approval even when the approver's cached mapping lapsed between click and callback", async () => {
    const id = await pending();
    const callback = await signIn(linkIn(await service.decide(bob(), { launchId: id, decision: "approve" })), bench.h.oktaIdOf("bob"));
    await bench.h.clearIdentityCache();
    expect(await service.callback(callback, "corr-lapsed")).toMatchObject({ kind: "page", status: 200 });
    expect((await decisions(id))[0]?.approver.oktaUserId).toBe(bench.h.oktaIdOf("bob"));
  });

  it("Deny stays one click under stepUp", async () => {
    const id = await pending();
    const reply = await service.decide(bob(), { launchId: id, decision: "deny", reason: "not needed" });
    expect(reply).toMatchObject({ type: "decision-recorded", outcome: "denied" });
  });

  it("a proof smuggled into a chat click is ignored: the click still only gets a link", async () => {
    const id = await pending();
    const forged = { issuer: bench.h.sandbox.url, sub: bench.h.oktaIdOf("bob"), authTime: new Date(), acr: null, jti: null, nonce: "x" };
    const reply = await service.decide(bob(), { launchId: id, decision: "approve", stepUp: forged });
    linkIn(reply);
    expect(await decisions(id)).toEqual([]);
  });

  it("the decide path itself refuses an approval without a proof, or with someone else's", async () => {
    const id = await pending();
    expectError(await bench.service.decide(bob(), { launchId: id, decision: "approve" }), "step_up_required");
    const carols = { issuer: bench.h.sandbox.url, sub: bench.h.oktaIdOf("carol"), authTime: new Date(), acr: null, jti: null, nonce: "x" };
    expectError(await bench.service.decide(bob(), { launchId: id, decision: "approve", stepUp: carols }), "not_allowed");
    expect(await decisions(id)).toEqual([]);
  });

  it("someone who may not approve gets the usual refusal and no link", async () => {
    const id = await pending();
    const reply = await service.decide(bench.h.actorFor("erin"), { launchId: id, decision: "approve" });
    expectError(reply, "not_allowed");
  });

  it("an Okta error on the callback changes nothing and leaves the link usable", async () => {
    const id = await pending();
    const secret = linkIn(await service.decide(bob(), { launchId: id, decision: "approve" }));
    const opened = await service.open(secret);
    const state = new URL(opened.kind === "redirect" ? opened.location : "").searchParams.get("state") ?? "";
    const denied = new URL(`${REDIRECT}?error=access_denied&error_description=User+canceled&state=${state}`);
    expect(await service.callback(denied, "corr-3")).toMatchObject({ kind: "page", status: 400, title: "Okta did not sign you in" });
    expect(await decisions(id)).toEqual([]);
    expect((await service.callback(await signIn(secret, bench.h.oktaIdOf("bob")), "corr-4")).kind).toBe("page");
    expect(await decisions(id)).toHaveLength(1);
  });
});
