/**
 * Checks Okta's JSON against the fields the bot relies on and brands the
 * ids, so a malformed answer becomes `OktaInvalidResponse`, never a crash
 * deeper in the core. Unknown fields are kept.
 */
import type {
  AccessRequest,
  OktaGroup,
  OktaRoleAssignment,
  OktaUser,
  RequestMessage,
  SecurityAccessReview,
} from "../../governance/okta/types.js";

import { fail, object, string, type Json } from "./shape-checks.js";

/** The items of a management-API list (a bare array). */
export function arrayBody(body: unknown, operation: string): unknown[] {
  if (!Array.isArray(body)) fail(operation, "list is not an array");
  return body as unknown[];
}

/** The items of a governance-API list (`{ data: [...] }`). */
export function dataBody(body: unknown, operation: string): unknown[] {
  const data = object(body, operation, "list").data;
  if (data === undefined) return [];
  if (!Array.isArray(data)) fail(operation, "data is not an array");
  return data as unknown[];
}

/** Validates a user. */
export function toUser(value: unknown, operation: string): OktaUser {
  const o = object(value, operation, "user");
  string(o, "id", operation);
  string(o, "status", operation);
  const profile = object(o.profile, operation, "user profile");
  string(profile, "login", operation);
  return o as unknown as OktaUser;
}

/** Validates a group. */
export function toGroup(value: unknown, operation: string): OktaGroup {
  const o = object(value, operation, "group");
  string(o, "id", operation);
  string(object(o.profile, operation, "group profile"), "name", operation);
  return o as unknown as OktaGroup;
}

/** Validates a role assignment; a custom role's id comes from `role` or `_links.role.href`. */
export function toRoleAssignment(value: unknown, operation: string): OktaRoleAssignment {
  const o = object(value, operation, "role assignment");
  const id = string(o, "id", operation);
  const type = string(o, "type", operation);
  const links = o._links as { role?: { href?: unknown } } | undefined;
  const href = typeof links?.role?.href === "string" ? links.role.href : undefined;
  const role = typeof o.role === "string" ? o.role : href?.split("/").filter(Boolean).pop();
  const out: OktaRoleAssignment = { id, type };
  if (typeof o.label === "string") out.label = o.label;
  if (typeof o.status === "string") out.status = o.status;
  if (role !== undefined) out.role = role;
  return out;
}

/** Validates a security access review; `_links` are exposed as `links`. */
export function toSar(value: unknown, operation: string): SecurityAccessReview {
  const o = object(value, operation, "security access review");
  for (const field of ["id", "name", "status", "endTime"]) string(o, field, operation);
  object(o.reviewerSettings, operation, "reviewerSettings");
  const sar = { ...o } as unknown as SecurityAccessReview;
  const links = o._links;
  if (typeof links === "object" && links !== null) {
    const out: Record<string, { href: string }> = {};
    for (const [rel, link] of Object.entries(links as Json)) {
      const href = (link as { href?: unknown } | null)?.href;
      if (typeof href === "string") out[rel] = { href };
    }
    sar.links = out;
  }
  return sar;
}

/** Validates an access request (v2). */
export function toAccessRequest(value: unknown, operation: string): AccessRequest {
  const o = object(value, operation, "access request");
  for (const field of ["id", "status", "created"]) string(o, field, operation);
  return o as unknown as AccessRequest;
}

/** Validates a request message. */
export function toRequestMessage(value: unknown, operation: string): RequestMessage {
  const o = object(value, operation, "request message");
  string(o, "id", operation);
  return o as unknown as RequestMessage;
}

/** Validates an object answer (stats). */
export function toObject(value: unknown, operation: string): Json {
  return object(value, operation, "answer");
}
