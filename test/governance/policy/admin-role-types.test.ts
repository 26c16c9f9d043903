// The list of standard admin role types must follow Okta's spec, or an
// Okta admin's correct `oktaAdminRoles` entry would be taken for a custom label.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { STANDARD_ADMIN_ROLE_TYPES } from "../../../src/governance/policy/index.js";
import { sharedAbsentMessage, sharedDir, sharedPresent } from "../../support/shared-dir.js";

const specPath = resolve(sharedDir, "okta-openapi/management.yaml");

/** The indented block under `    <name>:` in components/schemas, up to the next schema. */
function schemaBlock(text: string, name: string): string {
  const start = text.indexOf(`\n    ${name}:\n`);
  if (start < 0) throw new Error(`schema ${name} not found`);
  const rest = text.slice(start + 1);
  const end = rest.slice(1).search(/\n {4}[A-Za-z]/);
  return end < 0 ? rest : rest.slice(0, end + 1);
}

if (!sharedPresent("okta-openapi")) console.warn(sharedAbsentMessage);

describe.skipIf(!sharedPresent("okta-openapi"))("standard admin role types (against ../shared/okta-openapi)", () => {
  it("are exactly Okta's RoleType enum without CUSTOM, plus MOBILE_ADMIN which listAssignedRolesForUser returns", () => {
    const text = readFileSync(specPath, "utf8");
    const block = schemaBlock(text, "RoleType");
    const enumValues = [...block.slice(block.indexOf("enum:")).matchAll(/^\s+- ([A-Z_]+)$/gm)].map((m) => m[1]!);
    expect(enumValues).toContain("SUPER_ADMIN");
    const listOp = text.slice(text.indexOf("operationId: listAssignedRolesForUser"));
    const mapping = listOp.slice(listOp.indexOf("mapping:"), listOp.indexOf("examples:"));
    const mapped = [...mapping.matchAll(/^\s+([A-Z_]+): '#/gm)].map((m) => m[1]!);
    const expected = [...new Set([...enumValues, ...mapped])].filter((t) => t !== "CUSTOM").sort();
    expect([...STANDARD_ADMIN_ROLE_TYPES].sort()).toEqual(expected);
  });
});
