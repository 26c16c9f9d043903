/** Store contract: step-up challenges (single use, short-lived) and verified decisions. */
import { createHash, randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import type { StepUpChallengeId, StepUpProof } from "../../../../src/governance/store.js";
import { approver, launchIn, MINUTE } from "./fixtures.js";
import type { StoreHarness } from "./harness.js";

const newId = () => createHash("sha256").update(randomBytes(32)).digest("hex") as StepUpChallengeId;
const newState = () => randomBytes(32).toString("base64url");

export function stepUpContract(h: () => StoreHarness): void {
  async function challenge(overrides: { expiresInMs?: number } = {}) {
    const { store, clock } = h();
    const launch = await launchIn(store, clock, "PENDING_APPROVAL");
    const created = await store.createStepUpChallenge({
      id: newId(),
      launchId: launch.id,
      approver: approver(1),
      state: newState(),
      nonce: newState(),
      codeVerifier: newState(),
      acrValues: "urn:okta:loa:2fa:any",
      expiresAt: new Date(clock.now().getTime() + (overrides.expiresInMs ?? 5 * MINUTE)),
    });
    return { launch, created };
  }

  it("stores a challenge and finds it by id and by state, unconsumed", async () => {
    const { store, clock } = h();
    const { created, launch } = await challenge();
    expect(created).toMatchObject({ launchId: launch.id, approver: approver(1), acrValues: "urn:okta:loa:2fa:any", consumedAt: null, createdAt: clock.now() });
    expect(await store.getStepUpChallenge(created.id)).toEqual(created);
    expect(await store.getStepUpChallengeByState(created.state)).toEqual(created);
  });

  it("consumes a challenge once: a second consume (replay, second tab) is refused", async () => {
    const { store, clock } = h();
    const { created } = await challenge();
    expect(await store.consumeStepUpChallenge(created.id)).toBe(true);
    expect(await store.consumeStepUpChallenge(created.id)).toBe(false);
    expect((await store.getStepUpChallenge(created.id))?.consumedAt).toEqual(clock.now());
  });

  it("concurrent consumes of one challenge: exactly one wins", async () => {
    const { store, openStores } = h();
    const { created } = await challenge();
    const stores = [store, ...(await openStores(3))];
    const results = await Promise.all(stores.map((s) => s.consumeStepUpChallenge(created.id)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("an expired challenge cannot be consumed, and is purged", async () => {
    const { store, clock } = h();
    const { created } = await challenge({ expiresInMs: MINUTE });
    clock.advance(MINUTE);
    expect(await store.consumeStepUpChallenge(created.id)).toBe(false);
    expect(await store.purgeStepUpChallenges(clock.now())).toBe(0);
    clock.advance(1);
    expect(await store.purgeStepUpChallenges(clock.now())).toBe(1);
    expect(await store.getStepUpChallenge(created.id)).toBeNull();
  });

  it("malformed ids and states read as not found, never as SQL errors", async () => {
    const { store } = h();
    expect(await store.getStepUpChallenge("'; drop table launches; --" as StepUpChallengeId)).toBeNull();
    expect(await store.getStepUpChallengeByState("short")).toBeNull();
    expect(await store.consumeStepUpChallenge("nope" as StepUpChallengeId)).toBe(false);
  });

  it("keeps a decision's step-up proof and reads it back; plain decisions have none", async () => {
    const { store, clock } = h();
    const launch = await launchIn(store, clock, "PENDING_APPROVAL");
    const proof: StepUpProof = { issuer: "https://acme.okta.com", sub: "00uapprover1", authTime: new Date("2030-01-01T00:00:00.000Z"), acr: "urn:okta:loa:2fa:any", jti: "ID.abc", nonce: "n0nce" };
    expect(await store.recordDecision({ launchId: launch.id, approver: approver(1), decision: "approve", verification: proof })).toBe(true);
    expect(await store.recordDecision({ launchId: launch.id, approver: approver(2), decision: "approve" })).toBe(true);
    const decisions = await store.listDecisions(launch.id);
    expect(decisions.find((d) => d.approver.oktaUserId === approver(1).oktaUserId)?.verification).toEqual(proof);
    expect(decisions.find((d) => d.approver.oktaUserId === approver(2).oktaUserId)?.verification).toBeUndefined();
  });
}
