/** What every Slack flow is built from, and the reading of where an interaction happened. */
import { createHash } from "node:crypto";
import type { Logger } from "pino";
import type { GovernanceCore } from "../../../governance/core.js";
import type { TargetInput } from "../../../governance/identity/types.js";
import type { ErrorSink } from "../error-sink.js";
import { str } from "../payload.js";
import type { Poster, ReplyPlace } from "../poster.js";
import type { SlackIds, SlackPeople } from "../slack-actor.js";
import type { WebClient } from "../slack-web.js";

export interface FlowDeps {
  core: GovernanceCore;
  web: WebClient;
  poster: Poster;
  people: SlackPeople;
  sink: ErrorSink;
  logger: Logger;
  /** True only the first time `key` is seen (Slack retries, double clicks): the work is done once. */
  claim(key: string): Promise<boolean>;
}

/** How long an inbound Slack event is remembered for de-duplication. */
export const INBOUND_TTL_MS = 60 * 60_000;

/** An audit filter as typed: a person (mention, email, login, 00u… id) for the core to resolve, else the id as typed (sar…, req…, L…). */
export async function auditTarget(deps: Pick<FlowDeps, "people">, teamId: string, typed: string): Promise<TargetInput | string> {
  return (await deps.people.target(teamId, typed)) ?? typed;
}

/** A short, fixed-length key part for free text (form values), so keys stay small. */
export function digest(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value) ?? "").digest("hex").slice(0, 32);
}

/** Who acted in an interaction payload (actions, shortcuts, view submissions). */
export function interactionIds(body: unknown): SlackIds | undefined {
  const userId = str(body, "user", "id");
  const teamId = str(body, "team", "id") ?? str(body, "user", "team_id") ?? str(body, "view", "team_id");
  if (userId === undefined || teamId === undefined) return undefined;
  const userName = str(body, "user", "username") ?? str(body, "user", "name");
  return { teamId, userId, ...(userName !== undefined && { userName }) };
}

/** Where a block action happened: its channel, message and thread. */
export interface ActionPlace extends ReplyPlace {
  messageTs?: string;
  isEphemeral: boolean;
}

export function actionPlace(body: unknown, userId: string): ActionPlace | undefined {
  const channelId = str(body, "container", "channel_id") ?? str(body, "channel", "id");
  if (channelId === undefined) return undefined;
  const messageTs = str(body, "container", "message_ts") ?? str(body, "message", "ts");
  const threadTs = str(body, "container", "thread_ts") ?? str(body, "message", "thread_ts");
  const responseUrl = str(body, "response_url");
  return {
    channelId,
    userId,
    isEphemeral: (body as { container?: { is_ephemeral?: unknown } }).container?.is_ephemeral === true,
    ...(messageTs !== undefined && { messageTs }),
    ...(threadTs !== undefined && { threadTs }),
    ...(responseUrl !== undefined && { responseUrl }),
  };
}

/** A modal submission: who submitted, the view, its id and its decoded private_metadata. */
export interface Submission<M> {
  ids: SlackIds;
  view: unknown;
  viewId: string;
  meta: M;
}

/** Reads a `view_submission`; undefined when the user, view id or metadata cannot be read. */
export function readSubmission<M>(body: unknown, decode: (metadata: unknown) => M | null): Submission<M> | undefined {
  const view = (body as { view?: unknown }).view;
  const ids = interactionIds(body);
  const viewId = str(view, "id");
  const meta = decode((view as { private_metadata?: unknown } | undefined)?.private_metadata);
  if (ids === undefined || viewId === undefined || meta === null) return undefined;
  return { ids, view, viewId, meta };
}
