import { describe, expect, it } from "vitest";
import type { OktaUserStatus } from "../../../src/governance/okta/types.js";
import { parsePolicy, rolesFor } from "../../../src/governance/policy/index.js";
import { customRole, group, LEADS, RESPONDERS, standardRole, subject } from "./subjects.js";

const policy = parsePolicy(
  `roles:
  responder:
    oktaGroups: ["incident responders"]
  approver:
    oktaGroups: ["00g1securityleadsBBB"]
    oktaAdminRoles: [SUPER_ADMIN]
  soc:
    oktaAdminRoles: ["SOC Analyst", "cr0socleadZZZZZZZZZZ"]
  breakglass:
    oktaUsers: ["Root.Admin@example.com", "00u1breakglassCCCCCC"]
permissions:
  sar.launch: [responder, soc]
  sar.approve: [approver]
  audit.read: [breakglass]
`,
  "roles.yaml",
);

describe("rolesFor", () => {
  it("a group listed by name matches whatever its case, and says which group", () => {
    expect(rolesFor(policy, subject({ groups: [RESPONDERS] }))).toEqual([
      { role: "responder", because: 'member of Okta group "Incident Responders"' },
    ]);
  });

  it("a group listed by id matches that id exactly, not a group merely named alike", () => {
    expect(rolesFor(policy, subject({ groups: [LEADS] }))).toEqual([
      { role: "approver", because: 'member of Okta group "Security Leads"' },
    ]);
    expect(rolesFor(policy, subject({ groups: [group("00g1otherCCCCCCCCCCC", "00G1SECURITYLEADSBBB")] }))).toEqual([]);
  });

  it("a standard admin role matches by type", () => {
    expect(rolesFor(policy, subject({ adminRoles: [standardRole("SUPER_ADMIN")] }))).toEqual([
      { role: "approver", because: "holds Okta admin role SUPER_ADMIN" },
    ]);
    expect(rolesFor(policy, subject({ adminRoles: [standardRole("ORG_ADMIN")] }))).toEqual([]);
  });

  it("a custom admin role matches by its label, in any case", () => {
    expect(rolesFor(policy, subject({ adminRoles: [customRole("cr0otherYYYYYYYYYYYY", "soc analyst")] }))).toEqual([
      { role: "soc", because: 'holds Okta custom admin role "soc analyst"' },
    ]);
  });

  it("a custom admin role matches by its role id", () => {
    expect(rolesFor(policy, subject({ adminRoles: [customRole("cr0socleadZZZZZZZZZZ", "Renamed Role")] }))).toEqual([
      { role: "soc", because: 'holds Okta custom admin role "Renamed Role"' },
    ]);
  });

  it("a custom role labelled like a standard type does not pass for that type", () => {
    expect(rolesFor(policy, subject({ adminRoles: [customRole("cr0fakeXXXXXXXXXXXXX", "SUPER_ADMIN")] }))).toEqual([]);
  });

  it("an inactive admin role assignment grants nothing", () => {
    expect(rolesFor(policy, subject({ adminRoles: [standardRole("SUPER_ADMIN", "INACTIVE")] }))).toEqual([]);
  });

  it("break-glass users match by login (any case) or by user id", () => {
    const byLogin = rolesFor(policy, subject({ login: "root.admin@EXAMPLE.com" }));
    expect(byLogin).toEqual([{ role: "breakglass", because: 'named in the policy as Okta user "Root.Admin@example.com"' }]);
    expect(rolesFor(policy, subject({ id: "00u1breakglassCCCCCC" })).map((g) => g.role)).toEqual(["breakglass"]);
  });

  it("roles come in policy order, one grant per role even when several conditions match", () => {
    const everything = subject({
      groups: [RESPONDERS, LEADS],
      adminRoles: [standardRole("SUPER_ADMIN"), customRole("cr0socleadZZZZZZZZZZ", "SOC Analyst")],
    });
    expect(rolesFor(policy, everything)).toEqual([
      { role: "responder", because: 'member of Okta group "Incident Responders"' },
      { role: "approver", because: 'member of Okta group "Security Leads"' },
      { role: "soc", because: 'holds Okta custom admin role "SOC Analyst"' },
    ]);
  });

  it.each<OktaUserStatus>(["SUSPENDED", "DEPROVISIONED", "LOCKED_OUT", "PASSWORD_EXPIRED", "STAGED", "PROVISIONED", "RECOVERY"])(
    "a %s user holds no roles, whatever groups and admin roles they have",
    (status) => {
      const s = subject({ status, groups: [RESPONDERS, LEADS], adminRoles: [standardRole("SUPER_ADMIN")], id: "00u1breakglassCCCCCC" });
      expect(rolesFor(policy, s)).toEqual([]);
    },
  );
});
