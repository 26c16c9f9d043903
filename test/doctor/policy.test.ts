// The doctor's policy check: the file loads as at start-up, with its warnings.
import { copyFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkPolicy } from "../../src/doctor/policy-check.js";
import { root, tempDirPerTest } from "./support.js";

const tempDir = tempDirPerTest("oig-doctor-policy-");

describe("doctor: policy file", () => {
  it("accepts the example policy", async () => {
    const path = join(tempDir(), "policy.yaml");
    await copyFile(join(root, "policy.example.yaml"), path);
    const result = await checkPolicy(path);
    expect(result).toMatchObject({ status: "ok", detail: expect.stringMatching(new RegExp(`^${path} loads: \\d+ roles`)) });
    expect(result.notes).toBeUndefined();
  });

  it("reports a missing policy file as missing: everything would be denied", async () => {
    const result = await checkPolicy(join(tempDir(), "absent.yaml"));
    expect(result.status).toBe("missing");
    expect(result.detail).toContain("denies every action");
    expect(result.fix?.join("\n")).toContain("policy.example.yaml");
  });

  it("fails a malformed policy file with file:line:column and the reason", async () => {
    const path = join(tempDir(), "policy.yaml");
    await writeFile(path, "roles:\n  responder:\n    oktaGroups: [\"Incident Responders\"]\npermissions:\n  sar.launch: [nobody]\n");
    const result = await checkPolicy(path);
    expect(result.status).toBe("failing");
    expect(result.fix?.[0]).toMatch(new RegExp(`^${path}:5:\\d+: .*nobody`));
  });

  it("keeps the policy's warnings as notes on an ok check", async () => {
    const path = join(tempDir(), "policy.yaml");
    await writeFile(path, "roles:\n  responder:\n    oktaGroups: [\"Incident Responders\"]\n  idle:\n    oktaGroups: [\"Idle\"]\npermissions:\n  sar.read: [responder]\n");
    const result = await checkPolicy(path);
    expect(result.status).toBe("ok");
    expect(result.detail).toContain("1 warning");
    expect(result.notes).toEqual([expect.stringContaining('role "idle" is defined but no permission uses it')]);
  });
});
