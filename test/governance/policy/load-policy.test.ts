import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decide, loadPolicy, PolicyError } from "../../../src/governance/policy/index.js";
import { PRODUCT_POLICY } from "./subjects.js";

describe("loadPolicy", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "policy-test-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("a missing file yields the deny-all policy flagged source none, not an error", async () => {
    const path = join(dir, "absent.yaml");
    const policy = await loadPolicy(path);
    expect(policy.source).toBe("none");
    expect(policy.path).toBe(path);
    expect(policy.roles).toEqual([]);
    expect(policy.permissions).toEqual({});
    const decision = decide(policy, "sar.launch", [{ role: "responder", because: "anything" }]);
    expect(decision).toMatchObject({ allowed: false, reason: expect.stringMatching(/No policy file is loaded/) });
  });

  it("a file on disk is read and parsed, errors naming the file path", async () => {
    const good = join(dir, "good.yaml");
    await writeFile(good, PRODUCT_POLICY);
    const policy = await loadPolicy(good);
    expect(policy.source).toBe("file");
    expect(policy.permissions["sar.launch"]).toEqual(["responder"]);

    const bad = join(dir, "bad.yaml");
    await writeFile(bad, "roles:\n  r: {oktaGroups: [g]}\npermissions:\n  sar.launch: [x]\n");
    await expect(loadPolicy(bad)).rejects.toThrow(`${bad}:4:16: permissions."sar.launch" names role "x"`);
  });

  it("a path that cannot be read (a directory) stops start-up with a PolicyError, not a crash", async () => {
    const error: unknown = await loadPolicy(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).message).toBe(`${dir}: cannot read the policy file (EISDIR)`);
  });

  it("uses the injected reader, and only ENOENT counts as 'no file'", async () => {
    const seen: string[] = [];
    const policy = await loadPolicy("virtual.yaml", async (path) => {
      seen.push(path);
      return PRODUCT_POLICY;
    });
    expect(seen).toEqual(["virtual.yaml"]);
    expect(policy.roles).toHaveLength(3);

    const denied = Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
    await expect(loadPolicy("locked.yaml", () => Promise.reject(denied))).rejects.toThrow(
      "locked.yaml: cannot read the policy file (EACCES)",
    );
  });
});
