/**
 * Okta Event Hook deliveries as Okta sends them: the envelope
 * (`com.okta.event_hook`, `data.events[]`) around System Log events
 * (`LogEvent` of management.yaml), and a validator for that schema.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import formatsPluginModule from "ajv-formats";
import { parse } from "yaml";
import { sharedDir } from "../../support/shared-dir.js";

const addFormats = formatsPluginModule.default;

export interface HookUser {
  id: string;
  login: string;
  displayName?: string;
}

export const OKTA_ITP = { id: "00oitp0000000000000", type: "SystemPrincipal", alternateId: "system@okta.com", displayName: "Okta System" };

/** A System Log event; `overrides` replace top-level fields. */
export function logEvent(eventType: string, user: HookUser, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    uuid: randomUUID(),
    published: new Date().toISOString(),
    eventType,
    version: "0",
    displayMessage: "Security event",
    severity: "WARN",
    actor: OKTA_ITP,
    client: { ipAddress: "198.51.100.23", geographicalContext: { city: "Lisbon", country: "Portugal" } },
    outcome: { result: "SUCCESS" },
    target: [{ id: user.id, type: "User", alternateId: user.login, displayName: user.displayName ?? user.login }],
    debugContext: { debugData: {} },
    ...overrides,
  };
}

/** `user.risk.change` to `level`, with the risk in debugData as Okta writes it. */
export function riskChange(user: HookUser, level: "LOW" | "MEDIUM" | "HIGH", overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return logEvent("user.risk.change", user, {
    displayMessage: "User risk level changed",
    debugContext: { debugData: { risk: `{previousLevel=LOW, level=${level}, detectionName=Session Influenced User Risk, reasons=Anomalous location}` } },
    ...overrides,
  });
}

/** The end user reports activity they did not do: the user is the actor (and the target). */
export function suspiciousReport(user: HookUser, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return logEvent("user.account.report_suspicious_activity_by_enduser", user, {
    displayMessage: "User report suspicious activity",
    actor: { id: user.id, type: "User", alternateId: user.login, displayName: user.displayName ?? user.login },
    target: [{ id: user.id, type: "User", alternateId: user.login, displayName: user.displayName ?? user.login }],
    ...overrides,
  });
}

/** The delivery envelope Okta posts. */
export function delivery(events: Record<string, unknown>[]): Record<string, unknown> {
  return {
    eventType: "com.okta.event_hook",
    eventTypeVersion: "1.0",
    cloudEventsVersion: "0.1",
    source: "https://example.okta.com/api/v1/eventHooks/whoeventhook0000001",
    eventId: randomUUID(),
    data: { events },
    eventTime: new Date().toISOString(),
    contentType: "application/json",
  };
}

let validator: ValidateFunction | undefined;

/** A validator for management.yaml's `LogEvent` (OpenAPI 3.0 keywords such as `nullable` are tolerated). */
export function logEventValidator(): ValidateFunction {
  if (validator) return validator;
  const spec = parse(readFileSync(join(sharedDir, "okta-openapi/management.yaml"), "utf8")) as { components: { schemas: Record<string, unknown> } };
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: "okta-management", components: { schemas: spec.components.schemas } });
  validator = ajv.compile({ $ref: "okta-management#/components/schemas/LogEvent" });
  return validator;
}
