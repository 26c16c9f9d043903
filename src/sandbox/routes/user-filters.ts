/**
 * What the users API accepts in `search` and `filter`, per the listUsers
 * operation in management.yaml: `search` reaches any profile attribute and
 * the top-level dates with `eq`, `sw`, `co` (on four attributes), ranges
 * and `pr`, case-insensitive in values; `filter` reaches seven attributes
 * with `eq` only (ranges on `lastUpdated`), case-sensitive, without `not`.
 */
import type { AttributeSpec, FilterSchema } from "../org/scim/evaluate.js";
import type { AttributeOperator } from "../org/scim/parse.js";
import { userStatuses } from "../org/types.js";
import type { SandboxUser } from "../org/types.js";

/** Okta's base user profile attributes (the default user schema). */
const BASE_PROFILE_ATTRIBUTES = [
  "login", "email", "secondEmail", "firstName", "lastName", "middleName", "honorificPrefix", "honorificSuffix",
  "title", "displayName", "nickName", "profileUrl", "primaryPhone", "mobilePhone", "streetAddress", "city",
  "state", "zipCode", "countryCode", "postalAddress", "preferredLanguage", "locale", "timezone", "userType",
  "employeeNumber", "costCenter", "organization", "division", "department", "managerId", "manager",
];
/** The only attributes `search` allows `co` on. */
const CONTAINS_ATTRIBUTES = ["firstName", "lastName", "email", "login"];
const DATE_ATTRIBUTES = ["created", "activated", "statusChanged", "lastUpdated", "lastLogin", "passwordChanged"] as const;

const SEARCH_STRING_OPS: AttributeOperator[] = ["eq", "sw", "gt", "ge", "lt", "le", "pr"];
const RANGE_OPS: AttributeOperator[] = ["eq", "gt", "ge", "lt", "le", "pr"];

/** The `search` schema; `customAttributes` are profile attributes some user of the org has. */
export function userSearchSchema(customAttributes: Iterable<string>): FilterSchema<SandboxUser> {
  const profileAttributes = new Set([...BASE_PROFILE_ATTRIBUTES, ...customAttributes]);
  return {
    allowNot: true,
    attribute(name): AttributeSpec<SandboxUser> | undefined {
      if (name === "id") return { type: "string", operators: ["eq", "sw", "pr"], get: (u) => u.id };
      if (name === "status") {
        return { type: "string", operators: SEARCH_STRING_OPS, caseInsensitive: true, get: (u) => u.status };
      }
      if (name === "type.id") return { type: "string", operators: ["eq"], get: (u) => u.type.id };
      const date = DATE_ATTRIBUTES.find((d) => d === name);
      if (date) return { type: "date", operators: RANGE_OPS, get: (u) => u[date] };
      if (name.startsWith("profile.")) {
        const attribute = name.slice("profile.".length);
        if (!profileAttributes.has(attribute)) return undefined;
        const operators = CONTAINS_ATTRIBUTES.includes(attribute) ? [...SEARCH_STRING_OPS, "co" as const] : SEARCH_STRING_OPS;
        return { type: "string", operators, caseInsensitive: true, get: (u) => u.profile[attribute] };
      }
      return undefined;
    },
  };
}

/** The `filter` schema: exact matches on a handful of attributes. */
export const userFilterSchema: FilterSchema<SandboxUser> = {
  allowNot: false,
  attribute(name): AttributeSpec<SandboxUser> | undefined {
    switch (name) {
      case "status":
        return { type: "string", operators: ["eq"], enum: userStatuses, get: (u) => u.status };
      case "lastUpdated":
        return { type: "date", operators: ["eq", "gt", "ge", "lt", "le"], get: (u) => u.lastUpdated };
      case "id":
        return { type: "string", operators: ["eq"], get: (u) => u.id };
      case "profile.login":
      case "profile.email":
      case "profile.firstName":
      case "profile.lastName": {
        const attribute = name.slice("profile.".length);
        return { type: "string", operators: ["eq"], get: (u) => u.profile[attribute] };
      }
      default:
        return undefined;
    }
  },
};
