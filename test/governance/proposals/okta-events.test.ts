// Reading Okta Event Hook deliveries: the envelope, the user an event is
// about, the risk level, and the fixtures' fidelity to Okta's LogEvent schema.
import { describe, expect, it } from "vitest";
import { eventsOf, riskLevelOf, subjectOf } from "../../../src/governance/proposals/index.js";
import { sharedAbsentMessage, sharedPresent } from "../../support/shared-dir.js";
import { delivery, logEvent, logEventValidator, riskChange, suspiciousReport } from "./okta-event-fixtures.js";

const dan = { id: "00udemodan0000000000", login: "dan.target@example.com", displayName: "Dan Target" };

describe.skipIf(!sharedPresent("okta-openapi/management.yaml"))(sharedPresent("okta-openapi/management.yaml") ? "test events" : sharedAbsentMessage, () => {
  it("match Okta's LogEvent schema", () => {
    const validate = logEventValidator();
    for (const event of [riskChange(dan, "HIGH"), suspiciousReport(dan), logEvent("security.threat.detected", dan)]) {
      expect(validate(event), JSON.stringify(validate.errors)).toBe(true);
    }
    // The validator is not a rubber stamp.
    expect(validate({ ...riskChange(dan, "HIGH"), published: 42 })).toBe(false);
  });
});

describe("eventsOf", () => {
  it("reads data.events, and refuses anything else with a reason", () => {
    expect(eventsOf(delivery([riskChange(dan, "HIGH")]))).toMatchObject({ events: [{ eventType: "user.risk.change" }] });
    for (const body of [null, [], {}, { data: {} }, { data: { events: "x" } }, "text"]) {
      expect(eventsOf(body)).toEqual({ error: expect.stringMatching(/data\.events must be a list/) });
    }
  });

  it("skips entries that are not objects and caps a huge batch", () => {
    const read = eventsOf({ data: { events: [1, null, "x", riskChange(dan, "HIGH"), ...Array.from({ length: 500 }, () => ({}))] } });
    expect("events" in read && read.events.length).toBe(200 - 3);
  });
});

describe("subjectOf", () => {
  it("takes the first User target, wherever it is in the list", () => {
    const event = logEvent("security.threat.detected", dan, { target: [{ id: "0oaapp", type: "AppInstance" }, { id: dan.id, type: "User", alternateId: dan.login, displayName: "Dan" }] });
    expect(subjectOf(event)).toEqual({ id: dan.id, alternateId: dan.login, displayName: "Dan" });
  });

  it("falls back to a User actor (self-reports) and refuses ids that are no Okta user id", () => {
    expect(subjectOf(suspiciousReport(dan, { target: [] }))?.id).toBe(dan.id);
    expect(subjectOf(logEvent("x.y", { ...dan, id: "00u../../admin" }, { actor: {} }))).toBeNull();
    expect(subjectOf(logEvent("x.y", dan, { target: "nope", actor: null }))).toBeNull();
  });
});

describe("riskLevelOf", () => {
  const withRisk = (risk: unknown) => logEvent("user.risk.change", dan, { debugContext: { debugData: { risk } } });

  it("reads the new level, not the previous one, in Okta's {key=value} text", () => {
    expect(riskLevelOf(withRisk("{previousLevel=HIGH, level=LOW, detectionName=x}"))).toBe("LOW");
    expect(riskLevelOf(withRisk("{previousLevel=LOW, level=HIGH}"))).toBe("HIGH");
  });

  it("reads JSON text, an object, and a bare level", () => {
    expect(riskLevelOf(withRisk('{"previousLevel":"LOW","level":"MEDIUM"}'))).toBe("MEDIUM");
    expect(riskLevelOf(withRisk({ level: "high" }))).toBe("HIGH");
    expect(riskLevelOf(withRisk("HIGH"))).toBe("HIGH");
  });

  it("is null when the event carries no readable level", () => {
    expect(riskLevelOf(withRisk("{previousLevel=HIGH}"))).toBeNull();
    expect(riskLevelOf(withRisk(7))).toBeNull();
    expect(riskLevelOf(logEvent("user.risk.change", dan, { debugContext: null }))).toBeNull();
  });
});
