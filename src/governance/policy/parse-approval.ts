/** Validation of the policy's `approval:` section. */
import { isScalar } from "yaml";
import { ACTIONS, APPROVABLE_ACTIONS, isAction, isApprovableAction, isStepUpOnlyAction, STEP_UP_ONLY_ACTIONS } from "./actions.js";
import type { Action, ApprovableAction } from "./actions.js";
import { DEFAULT_APPROVAL_EXPIRY } from "./defaults.js";
import { formatDuration, parseDuration } from "./duration.js";
import type { ApprovalRule, Role, StepUpRule } from "./policy-types.js";
import { didYouMean } from "./yaml-reader.js";
import type { Entry, YamlReader } from "./yaml-reader.js";

const RULE_KEYS = ["required", "approvers", "minApprovals", "allowSelfApproval", "expiresAfter", "stepUp", "acrValues"] as const;
/** `approval.sar.remediate`: item actions are one person's click, so only a fresh sign-in can be asked. */
const STEP_UP_KEYS = ["stepUp", "acrValues"] as const;
/** One or more space-separated ACR tokens (Okta's `urn:okta:loa:...` values, `phr`, `phrh`). */
const ACR_VALUES = /^[A-Za-z0-9:._-]{1,100}( [A-Za-z0-9:._-]{1,100}){0,4}$/;
const MIN_EXPIRY_MS = 60_000;
const MAX_EXPIRY_MS = 7 * 86_400_000;
const MAX_APPROVALS = 10;

export interface ApprovalContext {
  readonly roleNames: ReadonlySet<Role>;
  readonly permissions: Readonly<Partial<Record<Action, readonly Role[]>>>;
}

export interface ParsedApproval {
  rules: Record<ApprovableAction, ApprovalRule>;
  /** `approval.sar.remediate` with `stepUp: true`. */
  remediateStepUp?: StepUpRule;
}

/** One rule per approvable action; actions without a rule need no approval. */
export function parseApproval(reader: YamlReader, section: Entry, context: ApprovalContext): ParsedApproval {
  const rules: Record<ApprovableAction, ApprovalRule> = { "sar.launch": { required: false } };
  let remediateStepUp: StepUpRule | undefined;
  for (const entry of reader.map(section.value, section.at, section.path) ?? []) {
    if (isApprovableAction(entry.key)) {
      const rule = parseRule(reader, entry, context);
      if (rule !== undefined) rules[entry.key] = rule;
    } else if (isStepUpOnlyAction(entry.key)) {
      remediateStepUp = parseStepUpRule(reader, entry);
    } else if (isAction(entry.key)) {
      reader.error(entry.keyNode, `approval rules exist only for ${[...APPROVABLE_ACTIONS, ...STEP_UP_ONLY_ACTIONS].join(" and ")}, not "${entry.key}"`);
    } else {
      reader.error(entry.keyNode, `unknown action "${entry.key}" under approval${didYouMean(entry.key, ACTIONS)}`);
    }
  }
  return { rules, ...(remediateStepUp !== undefined && { remediateStepUp }) };
}

/** `stepUp` (default false) and `acrValues` (only with stepUp: true); nothing else applies to a one-person action. */
function parseStepUpRule(reader: YamlReader, entry: Entry): StepUpRule | undefined {
  const fields = reader.map(entry.value, entry.at, entry.path);
  if (fields === undefined) return undefined;
  for (const field of fields) {
    if (!(STEP_UP_KEYS as readonly string[]).includes(field.key)) {
      reader.error(
        field.keyNode,
        `${entry.path} takes only ${STEP_UP_KEYS.join(" and ")} (item actions are one person's click, not a four-eyes approval), not "${field.key}"`,
      );
    }
  }
  const stepUpField = fields.find((f) => f.key === "stepUp");
  const acrField = fields.find((f) => f.key === "acrValues");
  const stepUp = stepUpField === undefined ? false : reader.boolean(stepUpField);
  const acrValues = acrField === undefined ? undefined : acrValuesOf(reader, acrField);
  if (acrField !== undefined && stepUp === false) reader.error(acrField.keyNode, `${acrField.path} applies only with stepUp: true`);
  if (stepUp !== true) return undefined;
  return Object.freeze({ stepUp: true, ...(acrValues !== undefined && { acrValues }) });
}

function parseRule(reader: YamlReader, entry: Entry, context: ApprovalContext): ApprovalRule | undefined {
  const fields = reader.map(entry.value, entry.at, entry.path);
  if (fields === undefined) return undefined;
  reader.onlyKeys(fields, RULE_KEYS, `in ${entry.path}`);
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const field = (key: (typeof RULE_KEYS)[number]) => byKey.get(key);

  const requiredField = field("required");
  // Writing an approval rule at all signals four-eyes intent, so it is on unless switched off.
  const required = requiredField === undefined ? true : reader.boolean(requiredField);
  const minField = field("minApprovals");
  const minApprovals = minField === undefined ? 1 : reader.integer(minField, 1, MAX_APPROVALS);
  const selfField = field("allowSelfApproval");
  const allowSelfApproval = selfField === undefined ? false : reader.boolean(selfField);
  const expiresField = field("expiresAfter");
  const expiresAfterMs = expiresField === undefined ? parseDuration(DEFAULT_APPROVAL_EXPIRY) : expiry(reader, expiresField);
  const approversField = field("approvers");
  const approvers = approversField === undefined ? undefined : approverRoles(reader, approversField, context);

  const stepUpField = field("stepUp");
  const stepUp = stepUpField === undefined ? false : reader.boolean(stepUpField);
  const acrField = field("acrValues");
  const acrValues = acrField === undefined ? undefined : acrValuesOf(reader, acrField);
  if (acrField !== undefined && stepUp === false) {
    reader.error(acrField.keyNode, `${acrField.path} applies only with stepUp: true`);
  }

  if (required === true && approversField === undefined) {
    reader.error(entry.keyNode, `${entry.path} requires approval but names no approvers; add approvers: [<role>]`);
  }
  if (
    required === undefined ||
    minApprovals === undefined ||
    allowSelfApproval === undefined ||
    expiresAfterMs === undefined ||
    stepUp === undefined ||
    (acrField !== undefined && (acrValues === undefined || !stepUp)) ||
    (required && approvers === undefined)
  ) {
    return undefined;
  }
  if (!required) return Object.freeze({ required: false });
  return Object.freeze({
    required: true,
    approvers: Object.freeze(approvers ?? []),
    minApprovals,
    allowSelfApproval,
    expiresAfterMs,
    ...(stepUp && { stepUp: true }),
    ...(acrValues !== undefined && { acrValues }),
  });
}

function acrValuesOf(reader: YamlReader, field: Entry): string | undefined {
  const raw = isScalar(field.value) ? field.value.value : undefined;
  if (typeof raw !== "string" || !ACR_VALUES.test(raw.trim())) {
    reader.error(field.at, `${field.path} must be one or more space-separated ACR values such as urn:okta:loa:2fa:any, not ${JSON.stringify(raw ?? null)}`);
    return undefined;
  }
  return raw.trim();
}

function expiry(reader: YamlReader, field: Entry): number | undefined {
  const raw = isScalar(field.value) ? field.value.value : undefined;
  const ms = typeof raw === "string" ? parseDuration(raw) : undefined;
  if (ms === undefined) {
    reader.error(field.at, `${field.path} must be a duration such as 30m, 2h or 1d, not ${JSON.stringify(raw ?? null)}`);
    return undefined;
  }
  if (ms < MIN_EXPIRY_MS || ms > MAX_EXPIRY_MS) {
    reader.error(
      field.at,
      `${field.path} must be between ${formatDuration(MIN_EXPIRY_MS)} and ${formatDuration(MAX_EXPIRY_MS)}, not ${formatDuration(ms)}`,
    );
    return undefined;
  }
  return ms;
}

function approverRoles(reader: YamlReader, field: Entry, context: ApprovalContext): Role[] | undefined {
  const items = reader.stringList(field, "role names");
  if (items === undefined) return undefined;
  if (items.length === 0) {
    reader.error(field.at, `${field.path} must name at least one role`);
    return undefined;
  }
  const mayApprove = new Set(context.permissions["sar.approve"] ?? []);
  let ok = true;
  for (const item of items) {
    if (!context.roleNames.has(item.value)) {
      const hint = didYouMean(item.value, [...context.roleNames]);
      reader.error(item.node, `${field.path} names role "${item.value}", which is not defined under roles${hint}`);
      ok = false;
    } else if (!mayApprove.has(item.value)) {
      // Otherwise the rule would name approvers the permission check then refuses.
      reader.error(
        item.node,
        `${field.path} names role "${item.value}", but permissions."sar.approve" does not list it, so its holders could not approve`,
      );
      ok = false;
    }
  }
  return ok ? [...new Set(items.map((i) => i.value))] : undefined;
}
