/**
 * Reading Okta Event Hook deliveries: the envelope (`data.events[]`) and,
 * per System Log event (`LogEvent`), what a proposal needs - its type and
 * uuid, the Okta user it is about, the risk level of risk events, and a
 * short account of what Okta saw. Everything here is untrusted input:
 * shapes are checked, lengths capped, nothing is rendered.
 */
import type { ProposalEvent } from "./proposal-types.js";

/** One System Log event as delivered (only the fields read here, all optional until checked). */
export interface LogEventLike {
  uuid?: unknown;
  eventType?: unknown;
  published?: unknown;
  displayMessage?: unknown;
  actor?: unknown;
  target?: unknown;
  outcome?: unknown;
  client?: unknown;
  debugContext?: unknown;
}

/** The user an event is about, as Okta named them in it. */
export interface EventUser {
  id: string;
  alternateId: string | null;
  displayName: string | null;
}

/** At most this many events are read from one delivery (Okta batches far fewer). */
export const MAX_EVENTS_PER_DELIVERY = 200;

const text = (value: unknown, max: number): string | null => {
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed.slice(0, max);
};

const record = (value: unknown): Record<string, unknown> | null =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

/** `data.events` of a delivery, or why the body is not one. */
export function eventsOf(body: unknown): { events: LogEventLike[] } | { error: string } {
  const data = record(record(body)?.data);
  const events = data?.events;
  if (!Array.isArray(events)) return { error: "The body is not an Okta event hook delivery: data.events must be a list." };
  return { events: events.slice(0, MAX_EVENTS_PER_DELIVERY).filter((e): e is LogEventLike => record(e) !== null) };
}

/** Okta user ids: `00u` and alphanumerics. */
const USER_ID = /^00u[A-Za-z0-9]{5,30}$/;

function userOf(value: unknown): EventUser | null {
  const entity = record(value);
  if (entity === null || entity.type !== "User" || typeof entity.id !== "string" || !USER_ID.test(entity.id)) return null;
  return { id: entity.id, alternateId: text(entity.alternateId, 254), displayName: text(entity.displayName, 200) };
}

/** The user an event is about: its first `User` target, else (self-reports) the acting user. */
export function subjectOf(event: LogEventLike): EventUser | null {
  const targets = Array.isArray(event.target) ? event.target : [];
  for (const target of targets.slice(0, 20)) {
    const user = userOf(target);
    if (user !== null) return user;
  }
  return userOf(event.actor);
}

const LEVEL = /(?:^|[{,\s"])level["']?\s*[=:]\s*["']?(LOW|MEDIUM|HIGH)\b/i;

/**
 * The new risk level of a risk event. Okta puts it in
 * `debugContext.debugData.risk`, a string such as
 * `{previousLevel=LOW, level=HIGH, detectionName=..., reasons=...}`
 * (sometimes JSON, sometimes an object); `riskLevel` is read as well.
 */
export function riskLevelOf(event: LogEventLike): string | null {
  const debugData = record(record(event.debugContext)?.debugData);
  if (debugData === null) return null;
  const candidates: unknown[] = [debugData.risk, debugData.riskLevel, debugData.risk_level];
  for (const candidate of candidates) {
    const object = record(candidate);
    const level = object !== null ? object.level : candidate;
    if (typeof level !== "string") continue;
    const bare = level.trim().toUpperCase();
    if (bare === "LOW" || bare === "MEDIUM" || bare === "HIGH") return bare;
    const match = LEVEL.exec(level.slice(0, 2000));
    if (match?.[1] !== undefined) return match[1].toUpperCase();
  }
  return null;
}

function whereOf(event: LogEventLike): string | null {
  const client = record(event.client);
  if (client === null) return null;
  const ip = text(client.ipAddress, 64);
  const geo = record(client.geographicalContext);
  const place = [text(geo?.city, 80), text(geo?.country, 80)].filter((p): p is string => p !== null).join(", ");
  const parts = [ip, place === "" ? null : place].filter((p): p is string => p !== null);
  return parts.length === 0 ? null : parts.join(" · ");
}

function outcomeOf(event: LogEventLike): string | null {
  const outcome = record(event.outcome);
  if (outcome === null) return null;
  const parts = [text(outcome.result, 40), text(outcome.reason, 300)].filter((p): p is string => p !== null);
  return parts.length === 0 ? null : parts.join(": ");
}

function reporterOf(event: LogEventLike): string | null {
  const actor = record(event.actor);
  if (actor === null) return null;
  return text(actor.displayName, 200) ?? text(actor.alternateId, 254);
}

/** The event's uuid and type, when it has both in a readable shape. */
export function identityOf(event: LogEventLike): { uuid: string; eventType: string } | null {
  // Checked whole, never cut: two long ids sharing a prefix must not become one.
  const uuid = typeof event.uuid === "string" && /^[A-Za-z0-9-]{8,100}$/.test(event.uuid) ? event.uuid : null;
  const eventType = typeof event.eventType === "string" && /^[A-Za-z0-9_.]{1,200}$/.test(event.eventType) ? event.eventType : null;
  if (uuid === null || eventType === null) return null;
  return { uuid, eventType };
}

/** What a proposal card says about `event`. */
export function summarise(event: LogEventLike, identity: { uuid: string; eventType: string }, now: Date): ProposalEvent {
  const published = typeof event.published === "string" && !Number.isNaN(Date.parse(event.published)) ? new Date(event.published).toISOString() : now.toISOString();
  return {
    uuid: identity.uuid,
    eventType: identity.eventType,
    published,
    summary: text(event.displayMessage, 500) ?? identity.eventType,
    outcome: outcomeOf(event),
    riskLevel: riskLevelOf(event),
    reportedBy: reporterOf(event),
    where: whereOf(event),
  };
}
