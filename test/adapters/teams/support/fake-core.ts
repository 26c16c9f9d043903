/**
 * A stand-in `GovernanceCore` for adapter unit tests: records every call
 * with its arguments and answers with replies the test scripts (default
 * replies are plain and obviously fake). Conversation references and
 * inbound claims are kept in memory, like the real store would keep them.
 */
import { conversationKeyString, type Actor, type ConversationKey } from "../../../../src/governance/actor.js";
import type { ChatState } from "../../../../src/governance/chat-state.js";
import type { GovernanceCore } from "../../../../src/governance/core.js";
import type { LaunchView, Reply } from "../../../../src/governance/replies.js";
import type { JsonValue } from "../../../../src/governance/store.js";

/** The adapters' two ports: the core, and the chat state (claims and conversation references). */
export type CoreAndChatState = GovernanceCore & ChatState;

type Method = keyof CoreAndChatState;

export interface RecordedCall {
  method: Method;
  args: unknown[];
}

type Script = { [M in Method]?: (...args: Parameters<CoreAndChatState[M]>) => ReturnType<CoreAndChatState[M]> | Awaited<ReturnType<CoreAndChatState[M]>> };

export class FakeCore implements GovernanceCore, ChatState {
  readonly calls: RecordedCall[] = [];
  readonly references = new Map<string, JsonValue>();
  private readonly claims = new Set<string>();
  readonly script: Script = {};

  private record<M extends Method>(method: M, args: Parameters<CoreAndChatState[M]>, fallback: () => Awaited<ReturnType<CoreAndChatState[M]>>): Promise<Awaited<ReturnType<CoreAndChatState[M]>>> {
    this.calls.push({ method, args });
    const scripted = this.script[method] as ((...a: Parameters<CoreAndChatState[M]>) => unknown) | undefined;
    return Promise.resolve(scripted ? scripted(...args) : fallback()) as Promise<Awaited<ReturnType<CoreAndChatState[M]>>>;
  }

  /** Forgets the calls and the scripted replies (between tests). */
  reset(): void {
    this.calls.length = 0;
    for (const key of Object.keys(this.script)) delete this.script[key as Method];
  }

  /** `method` answers only when the test calls the returned `release` (a slow core). */
  hold(method: "status" | "submitLaunch" | "decideLaunch"): (reply: Reply) => void {
    let release: (reply: Reply) => void = () => {
      throw new Error(`${method} was never called, so there is nothing to release`);
    };
    this.script[method] = () => new Promise<Reply>((resolve) => (release = resolve));
    return (reply) => release(reply);
  }

  /** Calls of `method`, in order. */
  callsOf(method: Method): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  /** Calls other than bookkeeping (claims and references): the governance actions the adapter asked for. */
  actions(): Method[] {
    const bookkeeping: Method[] = ["claimInbound", "putConversationReference", "getConversationReference", "attachLaunchMessage"];
    return this.calls.map((c) => c.method).filter((m) => !bookkeeping.includes(m));
  }

  help(): Reply {
    this.calls.push({ method: "help", args: [] });
    return this.script.help ? this.script.help() : { type: "help", entries: [{ usage: "sar status <sar… | req…>", description: "Show a status." }] };
  }

  version(): Reply {
    this.calls.push({ method: "version", args: [] });
    return { type: "version", name: "oig-chatops", version: "0.0.0-test" };
  }

  whoami(actor: Actor) {
    return this.record("whoami", [actor], () => ({ type: "text", text: "fake whoami" }));
  }
  proposalPrefill(...args: Parameters<GovernanceCore["proposalPrefill"]>) {
    return this.record("proposalPrefill", args, () => null);
  }

  openLaunchForm(...args: Parameters<GovernanceCore["openLaunchForm"]>) {
    return this.record("openLaunchForm", args, () => ({ type: "launch-form", values: { reviewers: ["erin.reviewer@example.com"], durationDays: 7, ...args[1] } }));
  }
  submitLaunch(...args: Parameters<GovernanceCore["submitLaunch"]>) {
    return this.record("submitLaunch", args, () => ({ type: "error", code: "not_scripted", message: "submitLaunch is not scripted" }));
  }
  attachLaunchMessage(...args: Parameters<GovernanceCore["attachLaunchMessage"]>) {
    return this.record("attachLaunchMessage", args, () => undefined);
  }
  decideLaunch(...args: Parameters<GovernanceCore["decideLaunch"]>) {
    return this.record("decideLaunch", args, () => ({ type: "error", code: "not_scripted", message: "decideLaunch is not scripted" }));
  }
  cancelLaunch(...args: Parameters<GovernanceCore["cancelLaunch"]>) {
    return this.record("cancelLaunch", args, () => ({ type: "error", code: "not_scripted", message: "cancelLaunch is not scripted" }));
  }
  status(...args: Parameters<GovernanceCore["status"]>) {
    return this.record("status", args, () => ({ type: "error", code: "not_found", message: `No such thing: ${args[1]}` }));
  }
  listRequests(...args: Parameters<GovernanceCore["listRequests"]>) {
    return this.record("listRequests", args, () => ({ type: "request-list", items: [], filter: {} }));
  }
  postRequestMessage(...args: Parameters<GovernanceCore["postRequestMessage"]>) {
    return this.record("postRequestMessage", args, () => ({ type: "message-posted", requestId: args[1], text: args[2] }));
  }
  watch(...args: Parameters<GovernanceCore["watch"]>) {
    return this.record("watch", args, () => ({ type: "watch-started", kind: "request", id: args[1], alreadyWatching: false }));
  }
  link(...args: Parameters<GovernanceCore["link"]>) {
    return this.record("link", args, () => ({ type: "text", text: "linked (fake)" }));
  }
  audit(...args: Parameters<GovernanceCore["audit"]>) {
    return this.record("audit", args, () => ({ type: "audit-log", entries: [] }));
  }
  doctor(...args: Parameters<GovernanceCore["doctor"]>) {
    return this.record("doctor", args, () => ({ type: "doctor-report", checks: [], ok: true }));
  }
  exportAudit(...args: Parameters<GovernanceCore["exportAudit"]>) {
    return this.record("exportAudit", args, () => ({ kind: "refused" as const, reply: { type: "text" as const, text: "export (fake)" } }));
  }
  openTriage(...args: Parameters<GovernanceCore["openTriage"]>) {
    return this.record("openTriage", args, () => ({ type: "error", code: "not_found", message: `No review ${args[1].ref}.` }));
  }
  triageDetails(...args: Parameters<GovernanceCore["triageDetails"]>) {
    return this.record("triageDetails", args, () => ({ type: "error", code: "not_found", message: "No such item." }));
  }
  triageItemAction(...args: Parameters<GovernanceCore["triageItemAction"]>) {
    return this.record("triageItemAction", args, () => ({ type: "error", code: "not_scripted", message: "triageItemAction is not scripted" }));
  }
  triageReviewAction(...args: Parameters<GovernanceCore["triageReviewAction"]>) {
    return this.record("triageReviewAction", args, () => ({ type: "error", code: "not_scripted", message: "triageReviewAction is not scripted" }));
  }
  triageUpdate(...args: Parameters<GovernanceCore["triageUpdate"]>) {
    return this.record("triageUpdate", args, () => ({ type: "error", code: "not_scripted", message: "triageUpdate is not scripted" }));
  }
  triageComment(...args: Parameters<GovernanceCore["triageComment"]>) {
    return this.record("triageComment", args, () => ({ type: "error", code: "not_scripted", message: "triageComment is not scripted" }));
  }
  triageSummarize(...args: Parameters<GovernanceCore["triageSummarize"]>) {
    return this.record("triageSummarize", args, () => ({ type: "triage-summary", sarId: args[1].sarId, summary: { status: "not-enabled", hint: "fake" } }));
  }
  attachTriageCard(...args: Parameters<GovernanceCore["attachTriageCard"]>) {
    return this.record("attachTriageCard", args, () => undefined);
  }
  claimInbound(...args: Parameters<CoreAndChatState["claimInbound"]>) {
    return this.record("claimInbound", args, () => {
      if (this.claims.has(args[0])) return false;
      this.claims.add(args[0]);
      return true;
    });
  }
  putConversationReference(key: ConversationKey, reference: JsonValue) {
    return this.record("putConversationReference", [key, reference], () => {
      this.references.set(conversationKeyString(key), reference);
    });
  }
  getConversationReference(key: ConversationKey) {
    return this.record("getConversationReference", [key], () => this.references.get(conversationKeyString(key)) ?? null);
  }
}

/** A launch waiting for approval, as the core would describe it. */
export function pendingLaunch(overrides: Partial<LaunchView> = {}): LaunchView {
  return {
    id: "0b6a2f4e-8c1d-4f4a-9d3e-2a7b5c6d7e8f",
    reference: "L7K2Q9X",
    state: "PENDING_APPROVAL",
    requester: { oktaUserId: "00ualice0000000000a1", login: "alice.responder@example.com", platform: "teams", chatUserId: "aad-alice" },
    target: { oktaUserId: "00udan00000000000000", login: "dan.target@example.com" },
    reviewers: [{ oktaUserId: "00uerin0000000000000", login: "erin.reviewer@example.com" }],
    sarName: "SAR dan.target@example.com L7K2Q9X",
    endTime: new Date("2031-01-08T10:00:00Z"),
    reason: "suspicious OAuth grant",
    incidentRef: "INC-4711",
    approval: { required: true, minApprovals: 1, expiresAt: new Date("2031-01-01T10:30:00Z"), decisions: [] },
    conversation: { platform: "teams", tenantId: "tenant-demo", conversationId: "19:incident@thread.tacv2" },
    approvalMessageId: null,
    sarId: null,
    sarStatus: null,
    failure: null,
    ...overrides,
  };
}

/** A fresh fake as both of an adapter's ports. */
export function fakeCoreAndState(): { core: FakeCore; chatState: FakeCore } {
  const core = new FakeCore();
  return { core, chatState: core };
}
