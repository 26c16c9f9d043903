/**
 * A scripted GovernanceCore for the adapter's own tests: every call is
 * recorded; answers come from per-test overrides or small defaults.
 * (End-to-end tests use the real core; see e2e-bench.ts.)
 */
import type { Actor, ChatUserRef, ConversationKey } from "../../../../src/governance/actor.js";
import type { ChatState } from "../../../../src/governance/chat-state.js";
import type { DecideLaunchInput, GovernanceCore, LaunchPrefill, ListRequestsInput, SubmitLaunchInput } from "../../../../src/governance/core.js";
import { helpEntries } from "../../../../src/governance/commands/index.js";
import type { LaunchView, Reply } from "../../../../src/governance/replies.js";
import type { JsonValue } from "../../../../src/governance/store.js";

/** The adapters' two ports: the core, and the chat state (claims and conversation references). */
export type CoreAndChatState = GovernanceCore & ChatState;

export interface CoreCall {
  method: keyof CoreAndChatState;
  args: unknown[];
}

type Overrides = { [K in keyof CoreAndChatState]?: CoreAndChatState[K] };

export function sampleLaunch(overrides: Partial<LaunchView> = {}): LaunchView {
  return {
    id: "6f1c1f5e-3f3e-4a55-9b1c-1b2f3a4c5d6e",
    reference: "L7K2Q9X",
    state: "PENDING_APPROVAL",
    requester: { oktaUserId: "00udemoalice00000000", login: "alice.responder@example.com", platform: "slack", chatUserId: "U0ALICE" },
    target: { oktaUserId: "00udemodan0000000000", login: "dan.target@example.com" },
    reviewers: [{ oktaUserId: "00udemoerin000000000", login: "erin.reviewer@example.com" }],
    sarName: "SAR dan.target@example.com INC-4711 L7K2Q9X",
    endTime: new Date("2030-01-08T00:00:00Z"),
    reason: "suspicious OAuth grant INC-4711",
    incidentRef: "INC-4711",
    approval: { required: true, minApprovals: 1, expiresAt: new Date("2030-01-01T00:30:00Z"), decisions: [] },
    conversation: { platform: "slack", tenantId: "T0DEMO", conversationId: "C0INCIDENT" },
    approvalMessageId: null,
    sarId: null,
    sarStatus: null,
    failure: null,
    ...overrides,
  };
}

export class FakeCore implements GovernanceCore, ChatState {
  readonly calls: CoreCall[] = [];
  readonly claimed = new Set<string>();
  readonly overrides: Overrides = {};

  private record(method: keyof CoreAndChatState, args: unknown[]): void {
    this.calls.push({ method, args });
  }

  /** Forgets recorded calls and per-test answers (claims stay: Slack ids are never reused). */
  reset(): void {
    this.calls.length = 0;
    for (const key of Object.keys(this.overrides)) delete this.overrides[key as keyof Overrides];
  }

  callsTo<K extends keyof CoreAndChatState>(method: K): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  /** Core calls other than de-duplication claims and help (which change nothing). */
  workCalls(): CoreCall[] {
    return this.calls.filter((c) => c.method !== "claimInbound" && c.method !== "help");
  }

  help(): Reply {
    this.record("help", []);
    return this.overrides.help?.() ?? { type: "help", entries: helpEntries() };
  }

  version(): Reply {
    this.record("version", []);
    return { type: "version", name: "oig-chatops", version: "0.0.0-test" };
  }

  async whoami(actor: Actor): Promise<Reply> {
    this.record("whoami", [actor]);
    return this.overrides.whoami?.(actor) ?? { type: "text", text: "whoami" };
  }

  async openLaunchForm(actor: Actor, prefill?: LaunchPrefill): Promise<Reply> {
    this.record("openLaunchForm", [actor, prefill]);
    return (
      this.overrides.openLaunchForm?.(actor, prefill) ?? {
        type: "launch-form",
        values: { reviewers: ["erin.reviewer@example.com"], durationDays: 7, ...prefill },
      }
    );
  }

  async proposalPrefill(proposalId: string): Promise<LaunchPrefill | null> {
    this.record("proposalPrefill", [proposalId]);
    return null;
  }

  async submitLaunch(actor: Actor, input: SubmitLaunchInput): Promise<Reply> {
    this.record("submitLaunch", [actor, input]);
    return this.overrides.submitLaunch?.(actor, input) ?? { type: "approval-card", launch: sampleLaunch({ conversation: input.conversation }) };
  }

  async attachLaunchMessage(launchId: string, messageId: string): Promise<void> {
    this.record("attachLaunchMessage", [launchId, messageId]);
    await this.overrides.attachLaunchMessage?.(launchId, messageId);
  }

  async decideLaunch(actor: Actor, input: DecideLaunchInput): Promise<Reply> {
    this.record("decideLaunch", [actor, input]);
    return this.overrides.decideLaunch?.(actor, input) ?? { type: "decision-recorded", launch: sampleLaunch({ state: "APPROVED" }), decision: input.decision, outcome: "approved" };
  }

  async cancelLaunch(actor: Actor, launchId: string): Promise<Reply> {
    this.record("cancelLaunch", [actor, launchId]);
    return this.overrides.cancelLaunch?.(actor, launchId) ?? { type: "launch-status", launch: sampleLaunch({ state: "CANCELED" }) };
  }

  async status(actor: Actor, id: string): Promise<Reply> {
    this.record("status", [actor, id]);
    return this.overrides.status?.(actor, id) ?? { type: "error", code: "not_found", message: `No ${id}.` };
  }

  async listRequests(actor: Actor, input?: ListRequestsInput): Promise<Reply> {
    this.record("listRequests", [actor, input]);
    return this.overrides.listRequests?.(actor, input) ?? { type: "request-list", items: [], filter: {} };
  }

  async postRequestMessage(actor: Actor, requestId: string, text: string): Promise<Reply> {
    this.record("postRequestMessage", [actor, requestId, text]);
    return this.overrides.postRequestMessage?.(actor, requestId, text) ?? { type: "message-posted", requestId, text };
  }

  async watch(actor: Actor, id: string, conversation: ConversationKey): Promise<Reply> {
    this.record("watch", [actor, id, conversation]);
    return this.overrides.watch?.(actor, id, conversation) ?? { type: "watch-started", kind: "request", id, alreadyWatching: false, currentStatus: "PENDING" };
  }

  async link(actor: Actor, chatUser: ChatUserRef, oktaLoginOrId: string): Promise<Reply> {
    this.record("link", [actor, chatUser, oktaLoginOrId]);
    return this.overrides.link?.(actor, chatUser, oktaLoginOrId) ?? { type: "text", text: "linked" };
  }

  async audit(actor: Actor, input?: { target?: string; cursor?: string }): Promise<Reply> {
    this.record("audit", [actor, input]);
    return this.overrides.audit?.(actor, input) ?? { type: "audit-log", entries: [] };
  }

  async doctor(actor: Actor): Promise<Reply> {
    this.record("doctor", [actor]);
    return this.overrides.doctor?.(actor) ?? { type: "doctor-report", checks: [], ok: true };
  }

  async exportAudit(...args: Parameters<GovernanceCore["exportAudit"]>): ReturnType<GovernanceCore["exportAudit"]> {
    this.record("exportAudit", args);
    return this.overrides.exportAudit?.(...args) ?? { kind: "refused", reply: { type: "text", text: "export (fake)" } };
  }

  async openTriage(...args: Parameters<GovernanceCore["openTriage"]>): Promise<Reply> {
    this.record("openTriage", args);
    return this.overrides.openTriage?.(...args) ?? { type: "error", code: "not_found", message: `No review ${args[1].ref}.` };
  }

  async triageDetails(...args: Parameters<GovernanceCore["triageDetails"]>): Promise<Reply> {
    this.record("triageDetails", args);
    return this.overrides.triageDetails?.(...args) ?? { type: "error", code: "not_found", message: "No such item." };
  }

  async triageItemAction(...args: Parameters<GovernanceCore["triageItemAction"]>): Promise<Reply> {
    this.record("triageItemAction", args);
    return this.overrides.triageItemAction?.(...args) ?? { type: "error", code: "not_scripted", message: "triageItemAction is not scripted" };
  }

  async triageReviewAction(...args: Parameters<GovernanceCore["triageReviewAction"]>): Promise<Reply> {
    this.record("triageReviewAction", args);
    return this.overrides.triageReviewAction?.(...args) ?? { type: "error", code: "not_scripted", message: "triageReviewAction is not scripted" };
  }

  async triageUpdate(...args: Parameters<GovernanceCore["triageUpdate"]>): Promise<Reply> {
    this.record("triageUpdate", args);
    return this.overrides.triageUpdate?.(...args) ?? { type: "error", code: "not_scripted", message: "triageUpdate is not scripted" };
  }

  async triageComment(...args: Parameters<GovernanceCore["triageComment"]>): Promise<Reply> {
    this.record("triageComment", args);
    return this.overrides.triageComment?.(...args) ?? { type: "error", code: "not_scripted", message: "triageComment is not scripted" };
  }

  async triageSummarize(...args: Parameters<GovernanceCore["triageSummarize"]>): Promise<Reply> {
    this.record("triageSummarize", args);
    return this.overrides.triageSummarize?.(...args) ?? { type: "triage-summary", sarId: args[1].sarId, summary: { status: "not-enabled", hint: "fake" } };
  }

  async attachTriageCard(...args: Parameters<GovernanceCore["attachTriageCard"]>): Promise<void> {
    this.record("attachTriageCard", args);
    await this.overrides.attachTriageCard?.(...args);
  }

  async claimInbound(key: string, ttlMs?: number): Promise<boolean> {
    this.record("claimInbound", [key, ttlMs]);
    if (this.overrides.claimInbound) return this.overrides.claimInbound(key, ttlMs);
    if (this.claimed.has(key)) return false;
    this.claimed.add(key);
    return true;
  }

  async putConversationReference(key: ConversationKey, reference: JsonValue): Promise<void> {
    this.record("putConversationReference", [key, reference]);
  }

  async getConversationReference(key: ConversationKey): Promise<JsonValue | null> {
    this.record("getConversationReference", [key]);
    return null;
  }
}

/** A fresh fake as both of an adapter's ports. */
export function fakeCoreAndState(): { core: FakeCore; chatState: FakeCore } {
  const core = new FakeCore();
  return { core, chatState: core };
}
