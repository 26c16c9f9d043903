/**
 * A stand-in `GovernanceCore` (and chat state) for the chat adapters' own
 * tests: every call is recorded with its arguments, and answers come from
 * replies the test scripts or from small, obviously fake defaults.
 * Conversation references and inbound claims are kept in memory, like the
 * real store keeps them. (End-to-end tests use the real core.)
 *
 * Two names for the same things, so both adapters' tests read naturally:
 * `overrides` and `script` are one object, `callsTo` and `callsOf` one
 * method. The defaults differ a little by platform (`defaults: "slack"`
 * answers a launch with an approval card, `"teams"` says it is not
 * scripted), because each platform's tests were written against them.
 */
import { conversationKeyString, type Actor, type ConversationKey } from "../../src/governance/actor.js";
import type { ChatState } from "../../src/governance/chat-state.js";
import { helpEntries } from "../../src/governance/commands/index.js";
import type { GovernanceCore } from "../../src/governance/core.js";
import type { LaunchView, Reply } from "../../src/governance/replies.js";
import type { JsonValue } from "../../src/governance/store.js";

/** The adapters' two ports: the core, and the chat state (claims and conversation references). */
export type CoreAndChatState = GovernanceCore & ChatState;

type Method = keyof CoreAndChatState;

export interface CoreCall {
  method: Method;
  args: unknown[];
}
export type RecordedCall = CoreCall;

/** Per-test answers: a method given here answers instead of the default (plain values or promises). */
export type Script = {
  [M in Method]?: (...args: Parameters<CoreAndChatState[M]>) => ReturnType<CoreAndChatState[M]> | Awaited<ReturnType<CoreAndChatState[M]>>;
};
export type Overrides = Script;

export type FakeCoreDefaults = "slack" | "teams";

export interface FakeCoreOptions {
  /** Whose default answers to give where the two platforms' tests expect different ones (default "teams"). */
  defaults?: FakeCoreDefaults;
}

/** A launch waiting for approval in a Slack channel, as the core would describe it. */
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

/** A launch waiting for approval in a Teams channel, as the core would describe it. */
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

function notScripted(method: string): Reply {
  return { type: "error", code: "not_scripted", message: `${method} is not scripted` };
}

export class FakeCore implements GovernanceCore, ChatState {
  readonly calls: CoreCall[] = [];
  /** Inbound keys claimed so far (kept across `reset`: chat platforms never reuse ids). */
  readonly claimed = new Set<string>();
  readonly references = new Map<string, JsonValue>();
  readonly script: Script = {};
  /** The same object as `script`. */
  readonly overrides: Overrides = this.script;
  readonly defaults: FakeCoreDefaults;

  constructor(options: FakeCoreOptions = {}) {
    this.defaults = options.defaults ?? "teams";
  }

  private get slack(): boolean {
    return this.defaults === "slack";
  }

  private answer<M extends Method>(method: M, args: Parameters<CoreAndChatState[M]>, fallback: () => Awaited<ReturnType<CoreAndChatState[M]>>): Promise<Awaited<ReturnType<CoreAndChatState[M]>>> {
    this.calls.push({ method, args });
    const scripted = this.script[method] as ((...a: Parameters<CoreAndChatState[M]>) => unknown) | undefined;
    try {
      return Promise.resolve(scripted ? scripted(...args) : fallback()) as Promise<Awaited<ReturnType<CoreAndChatState[M]>>>;
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Forgets the calls and the scripted replies (between tests); claims and references stay. */
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

  /** The arguments of each call of `method`, in order. */
  callsOf(method: Method): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  /** The same as `callsOf`. */
  callsTo(method: Method): unknown[][] {
    return this.callsOf(method);
  }

  /** Calls other than de-duplication claims and help (which change nothing). */
  workCalls(): CoreCall[] {
    return this.calls.filter((c) => c.method !== "claimInbound" && c.method !== "help");
  }

  /** Calls other than bookkeeping (claims and references): the governance actions the adapter asked for. */
  actions(): Method[] {
    const bookkeeping: Method[] = ["claimInbound", "putConversationReference", "getConversationReference", "attachLaunchMessage"];
    return this.calls.map((c) => c.method).filter((m) => !bookkeeping.includes(m));
  }

  help(): Reply {
    this.calls.push({ method: "help", args: [] });
    if (this.script.help) return this.script.help();
    return this.slack ? { type: "help", entries: helpEntries() } : { type: "help", entries: [{ usage: "sar status <sar… | req…>", description: "Show a status." }] };
  }

  version(): Reply {
    this.calls.push({ method: "version", args: [] });
    if (this.script.version) return this.script.version();
    return { type: "version", name: "oig-chatops", version: "0.0.0-test" };
  }

  whoami(actor: Actor) {
    return this.answer("whoami", [actor], () => ({ type: "text", text: this.slack ? "whoami" : "fake whoami" }));
  }
  proposalPrefill(...args: Parameters<GovernanceCore["proposalPrefill"]>) {
    return this.answer("proposalPrefill", args, () => null);
  }
  openLaunchForm(...args: Parameters<GovernanceCore["openLaunchForm"]>) {
    return this.answer("openLaunchForm", args, () => ({ type: "launch-form", values: { reviewers: ["erin.reviewer@example.com"], durationDays: 7, ...args[1] } }));
  }
  submitLaunch(...args: Parameters<GovernanceCore["submitLaunch"]>) {
    return this.answer("submitLaunch", args, () => (this.slack ? { type: "approval-card", launch: sampleLaunch({ conversation: args[1].conversation }) } : notScripted("submitLaunch")));
  }
  attachLaunchMessage(...args: Parameters<GovernanceCore["attachLaunchMessage"]>) {
    return this.answer("attachLaunchMessage", args, () => undefined);
  }
  decideLaunch(...args: Parameters<GovernanceCore["decideLaunch"]>) {
    return this.answer("decideLaunch", args, () =>
      this.slack ? { type: "decision-recorded", launch: sampleLaunch({ state: "APPROVED" }), decision: args[1].decision, outcome: "approved" } : notScripted("decideLaunch"),
    );
  }
  cancelLaunch(...args: Parameters<GovernanceCore["cancelLaunch"]>) {
    return this.answer("cancelLaunch", args, () => (this.slack ? { type: "launch-status", launch: sampleLaunch({ state: "CANCELED" }) } : notScripted("cancelLaunch")));
  }
  status(...args: Parameters<GovernanceCore["status"]>) {
    return this.answer("status", args, () => ({ type: "error", code: "not_found", message: this.slack ? `No ${args[1]}.` : `No such thing: ${args[1]}` }));
  }
  listRequests(...args: Parameters<GovernanceCore["listRequests"]>) {
    return this.answer("listRequests", args, () => ({ type: "request-list", items: [], filter: {} }));
  }
  postRequestMessage(...args: Parameters<GovernanceCore["postRequestMessage"]>) {
    return this.answer("postRequestMessage", args, () => ({ type: "message-posted", requestId: args[1], text: args[2] }));
  }
  watch(...args: Parameters<GovernanceCore["watch"]>) {
    return this.answer("watch", args, () =>
      this.slack ? { type: "watch-started", kind: "request", id: args[1], alreadyWatching: false, currentStatus: "PENDING" } : { type: "watch-started", kind: "request", id: args[1], alreadyWatching: false },
    );
  }
  link(...args: Parameters<GovernanceCore["link"]>) {
    return this.answer("link", args, () => ({ type: "text", text: this.slack ? "linked" : "linked (fake)" }));
  }
  audit(...args: Parameters<GovernanceCore["audit"]>) {
    return this.answer("audit", args, () => ({ type: "audit-log", entries: [] }));
  }
  doctor(...args: Parameters<GovernanceCore["doctor"]>) {
    return this.answer("doctor", args, () => ({ type: "doctor-report", checks: [], ok: true }));
  }
  exportAudit(...args: Parameters<GovernanceCore["exportAudit"]>) {
    return this.answer("exportAudit", args, () => ({ kind: "refused" as const, reply: { type: "text" as const, text: "export (fake)" } }));
  }
  openTriage(...args: Parameters<GovernanceCore["openTriage"]>) {
    return this.answer("openTriage", args, () => ({ type: "error", code: "not_found", message: `No review ${args[1].ref}.` }));
  }
  triageDetails(...args: Parameters<GovernanceCore["triageDetails"]>) {
    return this.answer("triageDetails", args, () => ({ type: "error", code: "not_found", message: "No such item." }));
  }
  triageMayAct(...args: Parameters<GovernanceCore["triageMayAct"]>) {
    return this.answer("triageMayAct", args, () => null);
  }
  triageItemAction(...args: Parameters<GovernanceCore["triageItemAction"]>) {
    return this.answer("triageItemAction", args, () => notScripted("triageItemAction"));
  }
  triageReviewAction(...args: Parameters<GovernanceCore["triageReviewAction"]>) {
    return this.answer("triageReviewAction", args, () => notScripted("triageReviewAction"));
  }
  triageUpdate(...args: Parameters<GovernanceCore["triageUpdate"]>) {
    return this.answer("triageUpdate", args, () => notScripted("triageUpdate"));
  }
  triageComment(...args: Parameters<GovernanceCore["triageComment"]>) {
    return this.answer("triageComment", args, () => notScripted("triageComment"));
  }
  triageSummarize(...args: Parameters<GovernanceCore["triageSummarize"]>) {
    return this.answer("triageSummarize", args, () => ({ type: "triage-summary", sarId: args[1].sarId, summary: { status: "not-enabled", hint: "fake" } }));
  }
  attachTriageCard(...args: Parameters<GovernanceCore["attachTriageCard"]>) {
    return this.answer("attachTriageCard", args, () => undefined);
  }
  claimInbound(...args: Parameters<CoreAndChatState["claimInbound"]>) {
    return this.answer("claimInbound", args, () => {
      if (this.claimed.has(args[0])) return false;
      this.claimed.add(args[0]);
      return true;
    });
  }
  putConversationReference(key: ConversationKey, reference: JsonValue) {
    return this.answer("putConversationReference", [key, reference], () => {
      this.references.set(conversationKeyString(key), reference);
    });
  }
  getConversationReference(key: ConversationKey) {
    return this.answer("getConversationReference", [key], () => this.references.get(conversationKeyString(key)) ?? null);
  }
}

/** A fresh fake as both of an adapter's ports. */
export function fakeCoreAndState(options: FakeCoreOptions = {}): { core: FakeCore; chatState: FakeCore } {
  const core = new FakeCore(options);
  return { core, chatState: core };
}
