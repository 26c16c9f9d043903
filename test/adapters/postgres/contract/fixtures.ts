/** Sample records for the store contract. */
import type { ConversationKey } from "../../../../src/governance/actor.js";
import type { OktaUserId } from "../../../../src/governance/okta/types.js";
import type { Clock } from "../../../../src/governance/ports.js";
import type { GovernanceStore, LaunchRecord, LaunchState, MappedChatUser, NewLaunch } from "../../../../src/governance/store.js";

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

export const oktaId = (id: string): OktaUserId => id as OktaUserId;

export const requester: MappedChatUser = { platform: "slack", tenantId: "T01", chatUserId: "U100", oktaUserId: oktaId("00urequester") };

export function approver(n: number): MappedChatUser {
  return { platform: "slack", tenantId: "T01", chatUserId: `U2${n}`, oktaUserId: oktaId(`00uapprover${n}`) };
}

export const thread: ConversationKey = { platform: "slack", tenantId: "T01", conversationId: "C0INCIDENT", threadId: "1700000000.000100" };

/** A launch waiting for one approval for 30 minutes, unless `overrides` say otherwise. */
export function launchInput(clock: Clock, overrides: Partial<NewLaunch> = {}): NewLaunch {
  const now = clock.now().getTime();
  return {
    requester,
    target: { oktaUserId: oktaId("00utarget"), login: "target.user@example.com" },
    reviewerIds: [oktaId("00ureviewer1"), oktaId("00ureviewer2")],
    sarName: (reference) => `SAR target.user@example.com INC-4711 ${reference}`,
    sarEndTime: new Date(now + 7 * DAY),
    reason: 'suspicious OAuth grant "<!channel>"',
    incidentRef: "INC-4711",
    approval: { required: true, minApprovals: 1, expiresAt: new Date(now + 30 * MINUTE) },
    conversation: thread,
    ...overrides,
  };
}

/** Paths through the state machine from PENDING_APPROVAL to each state. */
export const PATH_TO: Readonly<Record<LaunchState, readonly LaunchState[]>> = {
  PENDING_APPROVAL: [],
  APPROVED: ["APPROVED"],
  LAUNCHING: ["APPROVED", "LAUNCHING"],
  LAUNCHED: ["APPROVED", "LAUNCHING", "LAUNCHED"],
  FAILED: ["APPROVED", "LAUNCHING", "FAILED"],
  DENIED: ["DENIED"],
  EXPIRED: ["EXPIRED"],
  CANCELED: ["CANCELED"],
};

/** Creates a pending launch and walks it to `state` through allowed transitions. */
export async function launchIn(store: GovernanceStore, clock: Clock, state: LaunchState, overrides: Partial<NewLaunch> = {}): Promise<LaunchRecord> {
  let launch = await store.createLaunch(launchInput(clock, overrides));
  for (const to of PATH_TO[state]) {
    const moved = await store.transitionLaunch(launch.id, { from: [launch.state], to });
    if (moved === null) throw new Error(`could not walk launch to ${to}`);
    launch = moved;
  }
  return launch;
}
