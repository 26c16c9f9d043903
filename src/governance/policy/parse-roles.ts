/** Validation of the policy's `roles:` section. */
import { STANDARD_ADMIN_ROLE_TYPES, isStandardAdminRoleType } from "./admin-role-types.js";
import type { Node as YamlNode } from "yaml";
import type { RoleDefinition } from "./policy-types.js";
import { didYouMean } from "./yaml-reader.js";
import type { Entry, Item, YamlReader } from "./yaml-reader.js";

const ROLE_KEYS = ["oktaGroups", "oktaAdminRoles", "oktaUsers"] as const;
const ROLE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** A parsed role and where its name stands, for later warnings. */
export interface ParsedRole {
  readonly role: RoleDefinition;
  readonly nameNode: YamlNode;
}

/** The roles in file order; problems go to `reader`. */
export function parseRoles(reader: YamlReader, section: Entry): ParsedRole[] {
  const entries = reader.map(section.value, section.at, section.path);
  if (entries === undefined) return [];
  const roles: ParsedRole[] = [];
  for (const entry of entries) {
    if (!ROLE_NAME.test(entry.key)) {
      reader.error(
        entry.keyNode,
        `role name "${entry.key}" must start with a letter and use only letters, digits, "_" and "-" (at most 64)`,
      );
      continue;
    }
    const role = parseRole(reader, entry);
    if (role !== undefined) roles.push({ role, nameNode: entry.keyNode });
  }
  return roles;
}

function parseRole(reader: YamlReader, entry: Entry): RoleDefinition | undefined {
  const fields = reader.map(entry.value, entry.at, entry.path);
  if (fields === undefined) return undefined;
  reader.onlyKeys(fields, ROLE_KEYS, `in role "${entry.key}"`);
  const role = { name: entry.key, oktaGroups: [] as string[], oktaAdminRoles: [] as string[], oktaUsers: [] as string[] };
  for (const field of fields) {
    switch (field.key) {
      case "oktaGroups":
        role.oktaGroups = (reader.stringList(field, "Okta group names or 00g... ids") ?? []).map((i) => i.value);
        break;
      case "oktaAdminRoles":
        role.oktaAdminRoles = adminRoles(reader, field);
        break;
      case "oktaUsers":
        role.oktaUsers = users(reader, field);
        break;
    }
  }
  if (role.oktaGroups.length + role.oktaAdminRoles.length + role.oktaUsers.length === 0) {
    reader.warn(entry.keyNode, `role "${entry.key}" has no oktaGroups, oktaAdminRoles or oktaUsers, so nobody holds it`);
  }
  return Object.freeze({
    name: role.name,
    oktaGroups: Object.freeze(role.oktaGroups),
    oktaAdminRoles: Object.freeze(role.oktaAdminRoles),
    oktaUsers: Object.freeze(role.oktaUsers),
  });
}

function adminRoles(reader: YamlReader, field: Entry): string[] {
  const items = reader.stringList(field, "admin role types (e.g. SUPER_ADMIN) or custom role ids/labels") ?? [];
  const out: string[] = [];
  for (const item of items) {
    const upper = item.value.toUpperCase();
    if (upper === "CUSTOM") {
      // Matching on type CUSTOM would grant the role to holders of ANY custom role.
      reader.error(item.node, `${field.path}: "CUSTOM" is not allowed; name the custom role by its id (cr0...) or label`);
      continue;
    }
    if (isStandardAdminRoleType(upper)) {
      out.push(upper);
      continue;
    }
    if (/^[A-Z0-9_]+$/.test(item.value)) {
      const hint = didYouMean(item.value, STANDARD_ADMIN_ROLE_TYPES);
      reader.warn(
        item.node,
        `${field.path}: "${item.value}" is not a standard Okta admin role type${hint}; it only matches a custom role with that label or id`,
      );
    }
    out.push(item.value);
  }
  return out;
}

function users(reader: YamlReader, field: Entry): string[] {
  const items: Item[] = reader.stringList(field, "Okta logins or 00u... ids") ?? [];
  const out: string[] = [];
  for (const item of items) {
    if (/\s/.test(item.value)) {
      reader.error(item.node, `${field.path}: "${item.value}" is not an Okta login or user id (it contains a space)`);
      continue;
    }
    out.push(item.value);
  }
  return out;
}
