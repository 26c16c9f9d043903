/**
 * Validation of the policy's `proposals:` section: which Okta Event Hook
 * events propose a security access review, where the proposal card goes
 * (a Slack channel, a Teams channel) and how long repeats for one user
 * update the same card.
 */
import { isMap as isMapNode, isScalar, isSeq } from "yaml";
import { formatDuration, parseDuration } from "./duration.js";
import type { ProposalChannels, ProposalPolicy, ProposalTrigger, RiskLevel } from "./policy-types.js";
import { RISK_LEVELS } from "./policy-types.js";
import type { Entry, YamlReader } from "./yaml-reader.js";

const SECTION_KEYS = ["window", "slack", "teams", "events"] as const;
const SLACK_KEYS = ["channel"] as const;
const TEAMS_KEYS = ["tenantId", "conversationId"] as const;
const EVENT_KEYS = ["type", "riskLevel"] as const;
/** Event types that carry a risk level (`debugContext.debugData.risk`). */
export const RISK_EVENT_TYPES: readonly string[] = ["user.risk.change", "user.risk.detect"];
export const DEFAULT_PROPOSAL_WINDOW = "1h";
const MIN_WINDOW_MS = 60_000;
const MAX_WINDOW_MS = 7 * 86_400_000;
const MAX_EVENTS = 50;

/** The section, or undefined (with errors recorded) when it is not usable. */
export function parseProposals(reader: YamlReader, section: Entry): ProposalPolicy | undefined {
  const fields = reader.map(section.value, section.at, section.path);
  if (fields === undefined) return undefined;
  reader.onlyKeys(fields, SECTION_KEYS, `in ${section.path}`);
  const field = (key: (typeof SECTION_KEYS)[number]) => fields.find((f) => f.key === key);

  const windowField = field("window");
  const windowMs = windowField === undefined ? parseDuration(DEFAULT_PROPOSAL_WINDOW) : window(reader, windowField);
  const slackField = field("slack");
  const teamsField = field("teams");
  const slack = slackField === undefined ? undefined : slackChannel(reader, slackField);
  const teams = teamsField === undefined ? undefined : teamsChannel(reader, teamsField);
  if (slackField === undefined && teamsField === undefined) {
    reader.error(section.keyNode, `${section.path} names no channel; add slack: {channel: C...} and/or teams: {tenantId: ..., conversationId: ...}`);
  }
  const eventsField = field("events");
  if (eventsField === undefined) reader.error(section.keyNode, `${section.path} lists no events; add events: [{type: security.threat.detected}]`);
  const events = eventsField === undefined ? undefined : triggers(reader, eventsField);

  if (windowMs === undefined || events === undefined || (slackField !== undefined && slack === undefined) || (teamsField !== undefined && teams === undefined)) {
    return undefined;
  }
  const channels: ProposalChannels = { ...(slack !== undefined && { slack }), ...(teams !== undefined && { teams }) };
  return Object.freeze({ windowMs, channels: Object.freeze(channels), events: Object.freeze(events) });
}

function window(reader: YamlReader, field: Entry): number | undefined {
  const raw = isScalar(field.value) ? field.value.value : undefined;
  const ms = typeof raw === "string" ? parseDuration(raw) : undefined;
  if (ms === undefined) {
    reader.error(field.at, `${field.path} must be a duration such as 30m, 1h or 1d, not ${JSON.stringify(raw ?? null)}`);
    return undefined;
  }
  if (ms < MIN_WINDOW_MS || ms > MAX_WINDOW_MS) {
    reader.error(field.at, `${field.path} must be between ${formatDuration(MIN_WINDOW_MS)} and ${formatDuration(MAX_WINDOW_MS)}, not ${formatDuration(ms)}`);
    return undefined;
  }
  return ms;
}

function slackChannel(reader: YamlReader, entry: Entry): { channel: string } | undefined {
  const fields = reader.map(entry.value, entry.at, entry.path);
  if (fields === undefined) return undefined;
  reader.onlyKeys(fields, SLACK_KEYS, `in ${entry.path}`);
  const channelField = fields.find((f) => f.key === "channel");
  if (channelField === undefined) {
    reader.error(entry.keyNode, `${entry.path} needs channel: the incident channel's id (C...; channel details > About > Channel ID)`);
    return undefined;
  }
  const channel = reader.text(channelField, 40);
  if (channel === undefined) return undefined;
  if (!/^[CG][A-Z0-9]{2,39}$/.test(channel)) {
    reader.error(channelField.at, `${channelField.path} must be a Slack channel id such as C0123456789 (not a #name), not ${JSON.stringify(channel)}`);
    return undefined;
  }
  return { channel };
}

function teamsChannel(reader: YamlReader, entry: Entry): { tenantId: string; conversationId: string } | undefined {
  const fields = reader.map(entry.value, entry.at, entry.path);
  if (fields === undefined) return undefined;
  reader.onlyKeys(fields, TEAMS_KEYS, `in ${entry.path}`);
  const get = (key: (typeof TEAMS_KEYS)[number], hint: string): string | undefined => {
    const f = fields.find((x) => x.key === key);
    if (f === undefined) {
      reader.error(entry.keyNode, `${entry.path} needs ${key}: ${hint}`);
      return undefined;
    }
    return reader.text(f, 300);
  };
  const tenantId = get("tenantId", "the Microsoft Entra tenant (directory) id of the team");
  const conversationId = get("conversationId", "the channel's conversation id (19:...@thread.tacv2; the bot's `sar help` there shows it)");
  if (conversationId !== undefined && conversationId.includes(";messageid=")) {
    reader.error(entry.keyNode, `${entry.path}.conversationId must name the channel, not a reply chain (drop ";messageid=...")`);
    return undefined;
  }
  return tenantId === undefined || conversationId === undefined ? undefined : { tenantId, conversationId };
}

function triggers(reader: YamlReader, entry: Entry): ProposalTrigger[] | undefined {
  const list = entry.value;
  if (!isSeq(list)) {
    reader.error(entry.at, `${entry.path} must be a list of events (e.g. - type: security.threat.detected)`);
    return undefined;
  }
  const out: ProposalTrigger[] = [];
  let ok = true;
  const seen = new Set<string>();
  for (const [index, raw] of list.items.entries()) {
    const node = isScalar(raw) || isSeq(raw) || isMapNode(raw) ? raw : undefined;
    const path = `${entry.path}[${index}]`;
    const fields = reader.map(node, node ?? entry.at, path);
    if (fields === undefined) {
      ok = false;
      continue;
    }
    reader.onlyKeys(fields, EVENT_KEYS, `in ${path}`);
    const typeField = fields.find((f) => f.key === "type");
    if (typeField === undefined) {
      reader.error(node ?? entry.at, `${path} needs type: an Okta event type such as user.risk.change`);
      ok = false;
      continue;
    }
    const eventType = reader.text(typeField, 200);
    if (eventType === undefined) {
      ok = false;
      continue;
    }
    if (!/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/.test(eventType)) {
      reader.error(typeField.at, `${typeField.path} must be an Okta event type such as security.threat.detected, not ${JSON.stringify(eventType)}`);
      ok = false;
      continue;
    }
    if (seen.has(eventType)) reader.warn(typeField.at, `${typeField.path} lists ${eventType} again; the first entry wins`);
    seen.add(eventType);
    const levelField = fields.find((f) => f.key === "riskLevel");
    let riskLevels: RiskLevel[] | undefined;
    if (levelField !== undefined) {
      if (!RISK_EVENT_TYPES.includes(eventType)) {
        reader.error(levelField.keyNode, `${levelField.path} applies only to ${RISK_EVENT_TYPES.join(" and ")}, whose events carry a risk level`);
        ok = false;
        continue;
      }
      riskLevels = levels(reader, levelField);
      if (riskLevels === undefined) {
        ok = false;
        continue;
      }
    }
    out.push(Object.freeze({ eventType, ...(riskLevels !== undefined && { riskLevels: Object.freeze(riskLevels) }) }));
  }
  if (ok && out.length === 0) {
    reader.error(entry.at, `${entry.path} must list at least one event`);
    return undefined;
  }
  if (out.length > MAX_EVENTS) {
    reader.error(entry.at, `${entry.path} lists ${out.length} events; at most ${MAX_EVENTS}`);
    return undefined;
  }
  return ok ? out : undefined;
}

function levels(reader: YamlReader, field: Entry): RiskLevel[] | undefined {
  const items = reader.stringList(field, "risk levels");
  if (items === undefined) return undefined;
  const out: RiskLevel[] = [];
  for (const item of items) {
    const upper = item.value.toUpperCase();
    const level = RISK_LEVELS.find((l) => l === upper);
    if (level === undefined) {
      reader.error(item.node, `${field.path} must list ${RISK_LEVELS.join(", ")}; "${item.value}" is not one`);
      return undefined;
    }
    out.push(level);
  }
  if (out.length === 0) {
    reader.error(field.at, `${field.path} must list at least one level (or be left out to take every level)`);
    return undefined;
  }
  return [...new Set(out)];
}
