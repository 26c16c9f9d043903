// The checks of a submitted launch form that need no Okta call: Okta's own
// rules (1 to 10 reviewers, no duplicates, duration, reason) and ours.
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../../src/governance/policy/index.js";
import { checkLaunchForm, initialFormValues } from "../../../src/governance/sar/index.js";
import type { LaunchFormValues } from "../../../src/governance/replies.js";
import { policyVariant } from "./launch-bench.js";

const valid: LaunchFormValues = {
  target: "dan.target@example.com",
  reviewers: ["erin.reviewer@example.com"],
  durationDays: 7,
  reason: "suspicious OAuth grant",
};
const check = (over: Partial<LaunchFormValues>) => checkLaunchForm({ ...valid, ...over });

describe("launch form checks", () => {
  it("accepts a complete form", () => {
    const { form, errors } = check({ incidentRef: " INC-4711 " });
    expect(errors).toEqual({});
    expect(form).toMatchObject({ target: { kind: "email", email: "dan.target@example.com" }, durationDays: 7, incidentRef: "INC-4711" });
  });

  it("requires a reason and trims it", () => {
    expect(check({ reason: "   " }).errors.reason).toMatch(/reason/i);
    expect(check({ reason: undefined }).errors.reason).toMatch(/reason/i);
    expect(check({ reason: "  why  " }).form.reason).toBe("why");
  });

  it("refuses a reason over 1000 characters and accepts exactly 1000", () => {
    expect(check({ reason: "x".repeat(1001) }).errors.reason).toMatch(/1001 characters.*1000/);
    expect(check({ reason: "x".repeat(1000) }).errors.reason).toBeUndefined();
  });

  it.each([0, -1, 181, 1.5, Number.NaN])("refuses a duration of %s days", (durationDays) => {
    expect(check({ durationDays }).errors.durationDays).toMatch(/1 to 180 days/);
  });

  it("refuses a duration that is not a number at all", () => {
    expect(check({ durationDays: "7" as unknown as number }).errors.durationDays).toMatch(/1 to 180 days/);
  });

  it.each([1, 180])("accepts %s days", (durationDays) => {
    expect(check({ durationDays }).errors.durationDays).toBeUndefined();
  });

  it("refuses 11 reviewers", () => {
    const reviewers = Array.from({ length: 11 }, (_, i) => `reviewer${i}@example.com`);
    expect(check({ reviewers }).errors.reviewers).toMatch(/at most 10 reviewers; 11/);
  });

  it("refuses no reviewers", () => {
    expect(check({ reviewers: [" ", ""] }).errors.reviewers).toMatch(/at least one reviewer/);
  });

  it("splits reviewers typed into one box and refuses one named twice, in any case", () => {
    const { form, errors } = check({ reviewers: ["erin@example.com, frank@example.com", "ERIN@example.com"] });
    expect(form.reviewerNames).toEqual(["erin@example.com", "frank@example.com", "ERIN@example.com"]);
    expect(errors.reviewers).toMatch(/named twice/);
  });

  it("asks for a target when none is named and refuses text that names nobody", () => {
    expect(check({ target: undefined }).errors.target).toMatch(/Name the user to review/);
    expect(check({ target: "<!channel>" }).errors.target).toMatch(/does not name a user/);
  });

  it("prefers the target the adapter parsed over the text field", () => {
    const { form, errors } = checkLaunchForm({ ...valid, target: "garbage text" }, { target: { kind: "okta-id", id: "00udemodan0000000000" } });
    expect(errors.target).toBeUndefined();
    expect(form.target).toEqual({ kind: "okta-id", id: "00udemodan0000000000" });
  });

  it("refuses an incident reference with a line break or over 100 characters", () => {
    expect(check({ incidentRef: "INC\n1" }).errors.incidentRef).toMatch(/one line/);
    expect(check({ incidentRef: "I".repeat(101) }).errors.incidentRef).toMatch(/100 characters/);
  });

  it("survives a form whose fields have the wrong types", () => {
    const hostile = { target: 42, reviewers: "erin", durationDays: null, reason: {} } as unknown as LaunchFormValues;
    const { errors } = checkLaunchForm(hostile);
    expect(Object.keys(errors).sort()).toEqual(["durationDays", "reason", "reviewers", "target"]);
  });
});

describe("the form's first values", () => {
  it("come from the policy's reviewers and duration, with the prefill trimmed", () => {
    const policy = parsePolicy(policyVariant((yaml) => yaml.replace("defaultDurationDays: 7", "defaultDurationDays: 14")), "policy.yaml");
    expect(initialFormValues(policy, { target: " <@U123|dan> ", reason: "", incidentRef: "INC-9" })).toEqual({
      target: "<@U123|dan>",
      reviewers: ["erin.reviewer@example.com"],
      durationDays: 14,
      incidentRef: "INC-9",
    });
  });
});
