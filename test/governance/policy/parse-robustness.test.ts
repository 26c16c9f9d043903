// Whatever an admin's editor leaves in the file, parsing ends in a Policy or
// a PolicyError with a position, never in a TypeError that crashes start-up.
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../../src/sandbox/faults.js";
import { parsePolicy, PolicyError } from "../../../src/governance/policy/index.js";
import { PRODUCT_POLICY } from "./subjects.js";

function outcome(text: string): "policy" | "policy-error" {
  try {
    parsePolicy(text, "fuzz.yaml");
    return "policy";
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    for (const issue of error.issues) {
      expect(issue.line).toBeGreaterThanOrEqual(1);
      expect(issue.column).toBeGreaterThanOrEqual(1);
      expect(issue.reason.length).toBeGreaterThan(0);
    }
    return "policy-error";
  }
}


describe("parsePolicy robustness", () => {
  it.each([
    ["a list of roles", "roles: [responder]\n"],
    ["a role that is a list", "roles:\n  r: [g]\n"],
    ["null sections", "roles:\npermissions:\napproval:\nsar:\n"],
    ["a complex key", "? [a, b]\n: x\n"],
    ["non-string list items", "roles:\n  r:\n    oktaGroups: [1, {a: b}, [c], null]\n"],
    ["a huge number", "sar:\n  defaultDurationDays: 1e400\n"],
    ["a scalar document", "just some text\n"],
    ["an unknown tag", "roles: !custom {}\n"],
    ["a dangling alias", "roles: *nowhere\n"],
    ["several documents", "roles: {}\n---\npermissions: {}\n"],
  ])("%s is rejected with a PolicyError", (_name, text) => {
    expect(outcome(text)).toBe("policy-error");
  });

  it("random damage to a valid policy never escapes as anything but a PolicyError", () => {
    const next = mulberry32(7);
    const lines = PRODUCT_POLICY.split("\n");
    const seen = new Set<string>();
    for (let run = 0; run < 200; run++) {
      const damaged = [...lines];
      const at = Math.floor(next() * damaged.length);
      const line = damaged[at] ?? "";
      const cut = Math.floor(next() * (line.length + 1));
      const kind = Math.floor(next() * 4);
      if (kind === 0) damaged[at] = line.slice(0, cut) + line.slice(cut + 1);
      else if (kind === 1) damaged[at] = line.slice(0, cut) + "]:{\"'\t-"[Math.floor(next() * 7)]! + line.slice(cut);
      else if (kind === 2) damaged.splice(at, 1);
      else damaged.splice(at, 0, line);
      seen.add(outcome(damaged.join("\n")));
    }
    expect(seen).toEqual(new Set(["policy", "policy-error"]));
  });
});
