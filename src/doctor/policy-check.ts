/** The policy part of the doctor: the file loads, with its warnings. */
import { formatIssue, loadPolicy, PolicyError } from "../governance/policy/index.js";
import type { DoctorCheck } from "./types.js";

const base = { id: "policy.file", area: "policy", title: "policy file" } as const;

/** Loads the policy file at `path` (absolute) the way the bot does at start. */
export async function checkPolicy(path: string): Promise<DoctorCheck> {
  try {
    const policy = await loadPolicy(path);
    if (policy.source === "none") {
      return {
        ...base,
        status: "missing",
        detail: `no policy file at ${path}: the bot denies every action to everyone until one exists`,
        fix: ["Copy policy.example.yaml to that path (or set POLICY_FILE to your file) and name your Okta groups and admin roles in it (PRODUCT.md section 3)."],
      };
    }
    const roles = policy.roles.length;
    const actions = Object.keys(policy.permissions).length;
    const warnings = policy.warnings.map(formatIssue);
    return {
      ...base,
      status: "ok",
      detail: `${path} loads: ${roles} roles, ${actions} actions allowed to someone${warnings.length === 0 ? "" : `, ${warnings.length} ${warnings.length === 1 ? "warning" : "warnings"}`}`,
      ...(warnings.length > 0 ? { notes: warnings } : {}),
    };
  } catch (error) {
    if (error instanceof PolicyError) {
      return { ...base, status: "failing", detail: `${path} cannot be used; the bot refuses to start with it`, fix: error.issues.map(formatIssue) };
    }
    return { ...base, status: "failing", detail: `${path} cannot be loaded: ${error instanceof Error ? error.message : String(error)}` };
  }
}
