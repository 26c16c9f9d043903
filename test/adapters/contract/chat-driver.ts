/**
 * A chat platform as the shared flow tests drive it: people type or click,
 * and read what they saw. Each adapter's tests implement this over their
 * own wire protocol (Teams activities, Slack payloads) against the real
 * core and the Okta sandbox; `chat-flows.ts` runs the same flows on each.
 */
import type { RunningCore } from "../../../src/governance/create-core.js";
import type { CoreHarness, DemoUserKey } from "../../support/core-harness.js";

/** What one person saw: the message's text (cards flattened to text) and the buttons offered to them. */
export interface Seen {
  text: string;
  buttons: string[];
}

/** A launch as the flows follow it. */
export interface LaunchHandle {
  /** The launch reference shown on the card (`L…`), also found in the SAR's name. */
  reference: string;
}

export interface ChatDriver {
  /** `asUser` starts a launch on `target` (command or extension, then the form) and waits for the approval card. */
  startLaunch(asUser: DemoUserKey, target: DemoUserKey, reason: string): Promise<LaunchHandle>;
  /** `asUser` clicks Approve; resolves to what they were shown. */
  approve(asUser: DemoUserKey, launch: LaunchHandle): Promise<Seen>;
  /** `asUser` clicks Deny and gives `reason`; resolves to what they were shown. */
  deny(asUser: DemoUserKey, launch: LaunchHandle, reason: string): Promise<Seen>;
  /** The launch card as everyone in the conversation sees it now. */
  launchCard(launch: LaunchHandle): Promise<Seen>;
  /** Everything posted in the launch's thread after the card, oldest first. */
  thread(launch: LaunchHandle): Promise<Seen[]>;
  /** `asUser` asks for the status of a SAR or request id. */
  status(asUser: DemoUserKey, id: string): Promise<Seen>;
  /** `asUser` posts a message on an access request. */
  postMessage(asUser: DemoUserKey, requestId: string, text: string): Promise<Seen>;
}

/** A driver on a running core; `close` stops everything it started. */
export interface ChatFlowEnvironment {
  driver: ChatDriver;
  /** The core's harness: the sandbox org (SARs, requests), its clock, the store. */
  h: CoreHarness;
  core: RunningCore;
  close(): Promise<void>;
}

export type ChatDriverFactory = () => Promise<ChatFlowEnvironment>;
