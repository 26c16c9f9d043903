/** Parsing and validation of the YAML policy file (PRODUCT.md section 3). */
import { ACTIONS, isAction } from "./actions.js";
import type { Action } from "./actions.js";
import { DEFAULT_SAR, denyAllPolicy } from "./defaults.js";
import { parseApproval, type ParsedApproval } from "./parse-approval.js";
import { parseProposals } from "./parse-proposals.js";
import { parseRoles } from "./parse-roles.js";
import { parseSarDefaults } from "./parse-sar-defaults.js";
import { PolicyError } from "./policy-error.js";
import type { Policy, Role } from "./policy-types.js";
import { didYouMean, YamlReader } from "./yaml-reader.js";
import type { Entry } from "./yaml-reader.js";

const TOP_KEYS = ["roles", "permissions", "approval", "sar", "proposals"] as const;

/**
 * Parses a policy; throws a `PolicyError` naming `source:line:column` and the
 * reason of every problem, so a malformed file stops start-up.
 */
export function parsePolicy(text: string, source: string): Policy {
  const reader = new YamlReader(text, source);
  throwIfErrors(reader);
  if (reader.root === undefined) {
    reader.error(undefined, "the policy file is empty; define roles and permissions (see policy.example.yaml)");
    throwIfErrors(reader);
  }
  const top = reader.map(reader.root, reader.root, "");
  throwIfErrors(reader);
  reader.onlyKeys(top ?? [], TOP_KEYS, "at the top level");
  const section = (key: (typeof TOP_KEYS)[number]) => top?.find((e) => e.key === key);

  const rolesEntry = section("roles");
  const parsedRoles = rolesEntry === undefined ? [] : parseRoles(reader, rolesEntry);
  const roles = parsedRoles.map((p) => p.role);
  const roleNames = new Set(roles.map((r) => r.name));
  const permissionsEntry = section("permissions");
  const permissions = permissionsEntry === undefined ? {} : parsePermissions(reader, permissionsEntry, roleNames);
  const approvalEntry = section("approval");
  const parsedApproval: ParsedApproval =
    approvalEntry === undefined ? { rules: { ...denyAllPolicy(source).approval } } : parseApproval(reader, approvalEntry, { roleNames, permissions });
  const approval = parsedApproval.rules;
  const sarEntry = section("sar");
  const sar = sarEntry === undefined ? DEFAULT_SAR : parseSarDefaults(reader, sarEntry);
  const proposalsEntry = section("proposals");
  const proposals = proposalsEntry === undefined ? undefined : parseProposals(reader, proposalsEntry);
  throwIfErrors(reader);

  if (Object.keys(permissions).length === 0) {
    reader.warn(permissionsEntry?.keyNode ?? reader.root, "no action is listed under permissions, so nothing is allowed");
  }
  const used = new Set<Role>([
    ...Object.values(permissions).flat(),
    ...Object.values(approval).flatMap((rule) => (rule.required ? rule.approvers : [])),
  ]);
  for (const { role, nameNode } of parsedRoles) {
    if (!used.has(role.name)) reader.warn(nameNode, `role "${role.name}" is defined but no permission uses it`);
  }

  return Object.freeze({
    source: "file",
    path: source,
    roles: Object.freeze(roles),
    permissions: Object.freeze(permissions),
    approval: Object.freeze(approval),
    ...(parsedApproval.remediateStepUp !== undefined && { remediateStepUp: parsedApproval.remediateStepUp }),
    sar,
    ...(proposals !== undefined && { proposals }),
    warnings: Object.freeze([...reader.warnings]),
  });
}

function parsePermissions(
  reader: YamlReader,
  section: Entry,
  roleNames: ReadonlySet<Role>,
): Partial<Record<Action, readonly Role[]>> {
  const permissions: Partial<Record<Action, readonly Role[]>> = {};
  for (const entry of reader.map(section.value, section.at, section.path) ?? []) {
    if (!isAction(entry.key)) {
      reader.error(
        entry.keyNode,
        `unknown action "${entry.key}" under permissions${didYouMean(entry.key, ACTIONS)}; known actions: ${ACTIONS.join(", ")}`,
      );
      continue;
    }
    const items = reader.stringList(entry, "role names");
    if (items === undefined) continue;
    for (const item of items) {
      if (!roleNames.has(item.value)) {
        const hint = didYouMean(item.value, [...roleNames]);
        reader.error(item.node, `${entry.path} names role "${item.value}", which is not defined under roles${hint}`);
      }
    }
    if (items.length === 0) reader.warn(entry.at, `${entry.path} lists no role, so nobody is allowed it`);
    permissions[entry.key] = Object.freeze([...new Set(items.map((i) => i.value))]);
  }
  return permissions;
}

function throwIfErrors(reader: YamlReader): void {
  const sorted = [...reader.errors].sort((a, b) => a.line - b.line || a.column - b.column);
  const [first, ...rest] = sorted;
  if (first !== undefined) throw new PolicyError([first, ...rest]);
}
