// A governance core over the core harness (sandbox over HTTP, PGlite) for
// triage tests: an Okta gateway that counts the review operations it is
// asked for and can be scripted per operation, a card store stand-in (the
// triage cards port), and reviews of demo users created ACTIVE.
import type { ConversationKey } from "../../../src/governance/actor.js";
import { createGovernanceCore, type CoreOptions, type RunningCore } from "../../../src/governance/create-core.js";
import type { OktaGovernance } from "../../../src/governance/ports.js";
import type { TriageCardRecord } from "../../../src/governance/store/triage-cards.js";
import { DEMO_USERS, type CoreHarness, type DemoUserKey } from "../../support/core-harness.js";

export type GatewayOverrides = { [K in keyof OktaGovernance]?: (real: OktaGovernance[K], ...args: Parameters<OktaGovernance[K]>) => ReturnType<OktaGovernance[K]> };

export interface CountingGateway {
  okta: OktaGovernance;
  /** Review (SAR) operations asked for since the last reset, by name. */
  calls: string[];
  reviewCalls(): number;
  reset(): void;
  /** Replaces an operation (the real one is passed in) until `restore()`. */
  script: GatewayOverrides;
}

/** `real` with every call named in `calls`; `script` entries stand in for the real operation. */
export function countingGateway(real: OktaGovernance): CountingGateway {
  const calls: string[] = [];
  const script: GatewayOverrides = {};
  const okta = new Proxy(real, {
    get(target, name: string) {
      const original = (target as unknown as Record<string, unknown>)[name];
      if (typeof original !== "function") return original;
      return (...args: unknown[]) => {
        calls.push(name);
        const override = (script as Record<string, ((...a: unknown[]) => unknown) | undefined>)[name];
        const bound = (original as (...a: unknown[]) => unknown).bind(target);
        return override !== undefined ? override(bound, ...args) : bound(...args);
      };
    },
  });
  return {
    okta,
    calls,
    reviewCalls: () => calls.filter((c) => /SecurityAccessReview/.test(c)).length,
    reset: () => {
      calls.length = 0;
    },
    script,
  };
}

export interface TriageBench {
  core: RunningCore;
  gateway: CountingGateway;
  /** The card messages `listTriageCards` answers with. */
  cards: TriageCardRecord[];
}

/** A core over the harness with a counting gateway and card store stand-in; `policy` overrides the harness policy. */
export function triageBench(h: CoreHarness, extra: Partial<CoreOptions> = {}): TriageBench {
  const gateway = countingGateway(h.okta);
  const cards: TriageCardRecord[] = [];
  const store: typeof h.store = {
    ...h.store,
    listTriageCards: async (sarId: string) => cards.filter((c) => c.sarId === sarId),
  };
  const core = createGovernanceCore({
    store,
    okta: gateway.okta,
    policy: h.policy,
    jobs: { send: async () => undefined } as unknown as CoreOptions["jobs"],
    notifier: h.notifier,
    clock: h.clock,
    logger: h.logger,
    identity: { cacheTtlMs: 600_000, matchAttribute: "profile.email" },
    ...extra,
  });
  return { core, gateway, cards };
}

let reviewCount = 0;

/** An ACTIVE review of `principal` with `reviewers`, created straight in the sandbox org. */
export function activeReview(h: CoreHarness, principal: DemoUserKey = "dan", reviewers: DemoUserKey[] = ["erin"]): string {
  reviewCount += 1;
  const sar = h.sandbox.org.createSar({
    name: `SAR ${DEMO_USERS[principal].login} triage test ${reviewCount}`,
    principalId: DEMO_USERS[principal].id,
    reviewerIds: reviewers.map((r) => DEMO_USERS[r].id),
    endTime: new Date(h.clock.now().getTime() + 7 * 86_400_000).toISOString(),
    createdBy: "test",
  });
  h.clock.advance(h.sandbox.org.sarActivationDelayMs + 1_000);
  return sar.id;
}

/** A card message of `sarId` in the incident channel. */
export function cardOf(sarId: string, conversation: ConversationKey, messageId = `msg-${sarId}`): TriageCardRecord {
  return { sarId, conversation, messageId, createdAt: new Date() };
}
