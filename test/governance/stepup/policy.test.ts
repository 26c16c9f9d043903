/** The policy's step-up options: `approval.<action>.stepUp` and `acrValues`, with file:line:col errors. */
import { describe, expect, it } from "vitest";
import { approvalRuleFor, parsePolicy, PolicyError } from "../../../src/governance/policy/index.js";
import { PRODUCT_POLICY } from "../policy/subjects.js";

const withRule = (lines: string) => PRODUCT_POLICY.replace("expiresAfter: 30m", `expiresAfter: 30m\n${lines}`);

function errorOf(text: string): string {
  try {
    parsePolicy(text, "policy.yaml");
  } catch (error) {
    if (error instanceof PolicyError) return error.message;
    throw error;
  }
  throw new Error("the policy parsed");
}

describe("approval stepUp", () => {
  it("is off unless written", () => {
    const rule = approvalRuleFor(parsePolicy(PRODUCT_POLICY, "policy.yaml"), "sar.launch");
    expect(rule.required && rule.stepUp).toBeFalsy();
  });

  it("stepUp: true with acrValues reaches the rule", () => {
    const text = withRule("    stepUp: true\n    acrValues: urn:okta:loa:2fa:any");
    expect(text).toContain("stepUp: true");
    expect(approvalRuleFor(parsePolicy(text, "policy.yaml"), "sar.launch")).toMatchObject({ required: true, stepUp: true, acrValues: "urn:okta:loa:2fa:any" });
  });

  it("a stepUp that is not a boolean is an error with file:line:col", () => {
    expect(errorOf(withRule("    stepUp: maybe"))).toMatch(/policy\.yaml:\d+:\d+.*stepUp must be true or false/);
  });

  it("acrValues without stepUp, or malformed, is an error", () => {
    expect(errorOf(withRule("    acrValues: urn:okta:loa:2fa:any"))).toMatch(/policy\.yaml:\d+:\d+.*acrValues applies only with stepUp: true/);
    expect(errorOf(withRule("    stepUp: true\n    acrValues: \"<script>\""))).toMatch(/policy\.yaml:\d+:\d+.*acrValues must be one or more space-separated ACR values/);
  });

  it("the example policy documents both options", async () => {
    const { readFile } = await import("node:fs/promises");
    const example = await readFile(new URL("../../../policy.example.yaml", import.meta.url), "utf8");
    expect(example).toMatch(/^\s+stepUp: false/m);
    expect(example).toMatch(/acrValues:/);
  });
});
