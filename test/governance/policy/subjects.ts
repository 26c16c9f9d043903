// Builders for the Okta facts a role check reads, shaped like the client's output.
import type {
  OktaGroup,
  OktaGroupId,
  OktaRoleAssignment,
  OktaUser,
  OktaUserId,
  OktaUserStatus,
} from "../../../src/governance/okta/types.js";
import type { PolicySubject } from "../../../src/governance/policy/index.js";

export function group(id: string, name: string): OktaGroup {
  return { id: id as OktaGroupId, profile: { name } };
}

export function standardRole(type: string, status = "ACTIVE"): OktaRoleAssignment {
  return { id: `ra-${type.toLowerCase()}`, type, label: type, status };
}

export function customRole(roleId: string, label: string, status = "ACTIVE"): OktaRoleAssignment {
  return { id: `irb-${roleId}`, type: "CUSTOM", role: roleId, label, status };
}

export interface SubjectSpec {
  id?: string;
  login?: string;
  status?: OktaUserStatus;
  groups?: OktaGroup[];
  adminRoles?: OktaRoleAssignment[];
}

export function subject(spec: SubjectSpec = {}): PolicySubject {
  const login = spec.login ?? "someone@example.com";
  const user: OktaUser = {
    id: (spec.id ?? "00u0000000000000000a") as OktaUserId,
    status: spec.status ?? "ACTIVE",
    profile: { login, email: login },
  };
  return { user, groups: spec.groups ?? [], adminRoles: spec.adminRoles ?? [] };
}

export const RESPONDERS = group("00g1respondersAAAAAA", "Incident Responders");
export const LEADS = group("00g1securityleadsBBB", "Security Leads");

/** A policy in the shape of PRODUCT.md section 3. */
export const PRODUCT_POLICY = `roles:
  responder:
    oktaGroups: ["Incident Responders"]
  approver:
    oktaGroups: ["Security Leads"]
    oktaAdminRoles: ["SUPER_ADMIN"]
  admin:
    oktaAdminRoles: ["SUPER_ADMIN"]
permissions:
  sar.launch: [responder]
  sar.approve: [approver]
  sar.read: [responder, approver]
  request.read: [responder, approver]
  request.message: [responder]
  sar.remediate: [approver]
  sar.close: [approver]
  sar.update: [responder, approver]
  identity.link: [admin]
  audit.read: [admin]
approval:
  sar.launch:
    required: true
    approvers: [approver]
    minApprovals: 1
    allowSelfApproval: false
    expiresAfter: 30m
sar:
  defaultReviewers: []
  defaultDurationDays: 7
  namePrefix: "SAR"
`;
