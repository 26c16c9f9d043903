// The SAR name carries the launch reference the landed-attempt check
// searches for, so trimming must never cut it; names stay within the 200
// characters Okta's list schema allows (create allows 255).
import { describe, expect, it } from "vitest";
import { buildSarName, SAR_NAME_MAX } from "../../../src/governance/sar/index.js";

describe("SAR names", () => {
  it("joins prefix, target login, incident reference and launch reference", () => {
    expect(buildSarName({ prefix: "SAR", targetLogin: "dan@example.com", incidentRef: "INC-4711", reference: "L7K2Q9X" })).toBe(
      "SAR dan@example.com INC-4711 L7K2Q9X",
    );
  });

  it("leaves out a missing incident reference without a double space", () => {
    expect(buildSarName({ prefix: "SAR", targetLogin: "dan@example.com", incidentRef: null, reference: "L7K2Q9X" })).toBe(
      "SAR dan@example.com L7K2Q9X",
    );
  });

  it("cuts an over-long name to 200 characters (Okta's list limit) and keeps the reference whole at its end", () => {
    const name = buildSarName({ prefix: "SAR", targetLogin: `${"d".repeat(240)}@example.com`, incidentRef: "INC-1", reference: "L7K2Q9X" });
    expect(SAR_NAME_MAX).toBe(200);
    expect(name.length).toBe(200);
    expect(name.endsWith(" L7K2Q9X")).toBe(true);
  });

  it("never splits a surrogate pair when cutting", () => {
    const name = buildSarName({ prefix: "SAR", targetLogin: "x", incidentRef: "😀".repeat(200), reference: "L7K2Q9X" });
    expect(name.length).toBeLessThanOrEqual(SAR_NAME_MAX);
    expect(name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(name.endsWith(" L7K2Q9X")).toBe(true);
  });

  it("turns line breaks and control characters typed into the incident reference into single spaces", () => {
    expect(buildSarName({ prefix: "SAR", targetLogin: "dan", incidentRef: "INC\n\t 42\u0000x", reference: "L7K2Q9X" })).toBe(
      "SAR dan INC 42 x L7K2Q9X",
    );
  });

  it("refuses an empty reference, which the landed-attempt check could not search for", () => {
    expect(() => buildSarName({ prefix: "SAR", targetLogin: "dan", reference: " " })).toThrow(/reference/);
  });
});
