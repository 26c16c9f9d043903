// Step-up for item actions (policy approval.sar.remediate.stepUp): a click
// answers with a private sign-in link and changes nothing; the action runs
// only after a verified Okta sign-in by the person who clicked, exactly once
// (a second callback, a duplicate click, someone else signing in: nothing).
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { parsePolicy } from "../../../src/governance/policy/index.js";
import type { Reply } from "../../../src/governance/replies.js";
import { createStepUpOidc } from "../../../src/governance/stepup/index.js";
import { coreHarnessForFile, DEMO_USERS } from "../../support/core-harness.js";
import { activeReview, triageBench, type TriageBench } from "./support.js";

const REDIRECT = "http://127.0.0.1:9/stepup/callback";
const REPO_POLICY = readFileSync(new URL("../../../policy.yaml", import.meta.url), "utf8");
const STEP_UP_POLICY = REPO_POLICY.replace(/^approval:\n/m, "approval:\n  sar.remediate:\n    stepUp: true\n");
const harness = coreHarnessForFile({ sarActivationDelayMs: 1_000 });

function linkIn(reply: Reply): string {
  if (reply.type !== "text" || reply.private !== true) throw new Error(`expected a private text reply, got ${JSON.stringify(reply)}`);
  const match = /https:\/\/bot\.example\.com\/stepup\/start\?c=([A-Za-z0-9_-]{43})/.exec(reply.text);
  if (match === null) throw new Error(`no link in: ${reply.text}`);
  return match[1]!;
}

describe("step-up before an item action", () => {
  let bench: TriageBench;

  beforeAll(() => {
    const h = harness();
    h.sandbox.allowRedirectUri(h.sandbox.webClient.clientId, REDIRECT);
    const policy = parsePolicy(STEP_UP_POLICY, "policy.yaml");
    expect(policy.remediateStepUp).toEqual({ stepUp: true });
    bench = triageBench(h, {
      policy,
      stepUp: {
        oidc: createStepUpOidc({ issuer: new URL(h.sandbox.url), clientId: h.sandbox.webClient.clientId, clientSecret: h.sandbox.webClient.clientSecret, redirectUri: () => REDIRECT }),
        startUrl: () => "https://bot.example.com/stepup/start",
      },
    });
  });

  async function signIn(secret: string, userId: string): Promise<URL> {
    const opened = await bench.core.stepUp!.open(secret);
    if (opened.kind !== "redirect") throw new Error(`expected a redirect, got ${JSON.stringify(opened)}`);
    const form = new URL(opened.location).searchParams;
    form.set("sandbox_user", userId);
    // The sandbox signs in on the manual clock, but the ID token's auth_time is checked against wall time (max_age=0,
    // 30 s tolerance): bring the manual clock up to wall time first, or a slow start on a busy machine looks stale.
    const h = harness();
    const behind = Date.now() - h.clock.now().getTime();
    if (behind > 0) h.clock.advance(behind);
    const res = await fetch(new URL("/oauth2/v1/authorize", opened.location), { method: "POST", body: form, redirect: "manual" });
    expect(res.status).toBe(302);
    return new URL(res.headers.get("location") ?? "");
  }

  it("answers a click with the private link, runs the action once after the sign-in, and never again", async () => {
    const h = harness();
    const sarId = activeReview(h);
    const card = await bench.core.openTriage(h.actorFor("bob"), { ref: sarId, viewer: "shared" });
    const item = card.type === "triage-card" ? card.triage.items.find((i) => i.supportedActions.includes("REVOKE_ACCESS")) : undefined;
    if (item === undefined) throw new Error("no revocable item");
    const click = { sarId, accessId: item.id, action: "REVOKE_ACCESS" as const, note: "stolen laptop", idempotencyKey: "stepup-click-1" };

    const secret = linkIn(await bench.core.triageItemAction(h.actorFor("bob"), click));
    expect(h.sandbox.org.actions(sarId)).toHaveLength(0);
    // A refused person gets no link.
    expect(await bench.core.triageItemAction(h.actorFor("alice"), { ...click, idempotencyKey: "stepup-alice" })).toMatchObject({ type: "error", code: "not_allowed" });

    const callback = await signIn(secret, DEMO_USERS.bob.id);
    const page = await bench.core.stepUp!.callback(callback, "corr-stepup-1");
    expect(page).toMatchObject({ kind: "page", status: 200, title: "Done" });
    expect(h.sandbox.org.actions(sarId)).toHaveLength(1);
    expect(h.sandbox.org.getSar(sarId)!.comments.map((c) => c.comment)).toEqual([`Revoked ${item.name} - ${DEMO_USERS.bob.login} via chat: stolen laptop`]);
    const record = await h.store.getTriageActionByKey("stepup-click-1");
    expect(record).toMatchObject({ state: "done", action: "REVOKE_ACCESS", accessId: item.id });
    const audit = await h.store.queryAudit({ sarId: sarId as never });
    expect(audit.find((e) => e.action === "sar.remediate" && e.outcome === "succeeded")?.details).toMatchObject({ stepUp: { sub: DEMO_USERS.bob.id } });
    expect(audit.some((e) => e.action === "sar.remediate.step-up" && e.outcome === "requested")).toBe(true);

    // The same callback again, and the same click delivered again: nothing more.
    expect(await bench.core.stepUp!.callback(callback, "corr-stepup-2")).toMatchObject({ kind: "page", status: 410 });
    const again = await bench.core.triageItemAction(h.actorFor("bob"), click);
    expect(again.type).toBe("triage-action-done");
    expect(h.sandbox.org.actions(sarId)).toHaveLength(1);
    expect(h.sandbox.org.getSar(sarId)!.comments).toHaveLength(1);
  });

  it("someone else signing in with the link changes nothing", async () => {
    const h = harness();
    const sarId = activeReview(h);
    const card = await bench.core.openTriage(h.actorFor("bob"), { ref: sarId, viewer: "shared" });
    const item = card.type === "triage-card" ? card.triage.items.find((i) => i.supportedActions.includes("REVOKE_ACCESS")) : undefined;
    const secret = linkIn(await bench.core.triageItemAction(h.actorFor("bob"), { sarId, accessId: item!.id, action: "REVOKE_ACCESS", idempotencyKey: "stepup-click-2" }));
    const page = await bench.core.stepUp!.callback(await signIn(secret, DEMO_USERS.carol.id), "corr-stepup-3");
    expect(page).toMatchObject({ kind: "page", status: 403, message: expect.stringContaining("nothing was changed. Click the button on the triage card again") });
    expect(h.sandbox.org.actions(sarId)).toHaveLength(0);
    expect(await h.store.getTriageActionByKey("stepup-click-2")).toBeNull();
  });
});
