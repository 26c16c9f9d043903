// Real Okta points governance paging links at the org's admin host
// (`acme-admin.okta.com` for `acme.okta.com`). The client must follow them
// there, DPoP proofs naming the admin URL, and send nothing to any other host.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOktaClient, OktaInvalidResponse, type OktaAuth } from "../../../src/adapters/okta/index.js";
import { deriveAdminOrigin } from "../../../src/adapters/okta/org-hosts.js";
import { BOT_SCOPES, startSandbox, type RunningSandbox } from "../../../src/sandbox/index.js";
import { DEMO_USERS } from "../../../src/sandbox/org/index.js";
import { recordingFetch } from "../../support/recording-fetch.js";

describe("the admin host derived from the org URL", () => {
  it.each([
    ["https://acme.okta.com", "https://acme-admin.okta.com"],
    ["https://acme.oktapreview.com", "https://acme-admin.oktapreview.com"],
    ["https://acme.okta-emea.com", "https://acme-admin.okta-emea.com"],
    ["https://dcp-sep25.oktapreview.com", "https://dcp-sep25-admin.oktapreview.com"],
    ["https://ACME.Okta.com/", "https://acme-admin.okta.com"],
    ["https://acme-admin.okta.com", "https://acme-admin.okta.com"],
  ])("%s -> %s", (org, admin) => {
    expect(deriveAdminOrigin(new URL(org))).toBe(admin);
  });

  it.each([
    "https://login.acme.com", // a custom domain: the admin host is not derivable
    "https://acme.at.oktapreview.com", // another Okta service, not the org
    "https://okta.com",
    "https://acme.okta.com.evil.example",
    "http://127.0.0.1:8080",
  ])("none for %s", (org) => {
    expect(deriveAdminOrigin(new URL(org))).toBeUndefined();
  });
});

describe("paging across the sandbox's admin host", () => {
  let sandbox: RunningSandbox;
  let elsewhere: Server;
  let elsewhereHits = 0;
  const silent = pino({ level: "silent" });
  const ref = "ref-admin-paging";

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: "demo", sarActivationDelayMs: 0 });
    // More matching reviews than one page of 200, so the client must follow `next`.
    for (let i = 0; i < 205; i += 1) {
      sandbox.org.createSar({
        name: `SAR ${String(i).padStart(3, "0")} ${ref}`,
        principalId: DEMO_USERS.dan.id,
        reviewerIds: [DEMO_USERS.alice.id],
        endTime: new Date(Date.now() + 86_400_000).toISOString(),
        createdBy: "test",
      });
    }
    elsewhere = createServer((_req, res) => {
      elsewhereHits += 1;
      res.writeHead(200, { "content-type": "application/json" }).end('{"data":[]}');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    await sandbox.close();
    await new Promise<void>((resolve) => elsewhere.close(() => resolve()));
  });

  async function app(dpop: boolean): Promise<OktaAuth> {
    const registered = await sandbox.registerClient({ scopes: [...BOT_SCOPES], requireDpop: dpop, keyAlg: "ES256" });
    return { kind: "privateKeyJwt", clientId: registered.clientId, privateKey: JSON.stringify(registered.privateJwk), keyId: registered.keyId, scopes: [...BOT_SCOPES], dpop };
  }

  it("serves the org on two distinct loopback origins", () => {
    expect(new URL(sandbox.adminUrl).origin).not.toBe(new URL(sandbox.url).origin);
  });

  it.each([
    ["Bearer", false],
    ["DPoP (the proof's htu names the admin URL, which the sandbox checks)", true],
  ])("follows the next link to the admin host and finds every review (%s)", async (_name, dpop) => {
    const recorder = recordingFetch();
    const client = createOktaClient({ orgUrl: new URL(sandbox.url), adminUrl: new URL(sandbox.adminUrl), auth: await app(dpop), logger: silent, fetch: recorder.fetch });
    const found = await client.findSecurityAccessReviewsByNameContaining(ref);
    expect(found).toHaveLength(205);
    const calls = recorder.exchanges.filter((e) => e.request.url.includes("/security-access-reviews"));
    expect(calls.map((e) => new URL(e.request.url).origin)).toEqual([new URL(sandbox.url).origin, new URL(sandbox.adminUrl).origin]);
    expect(calls.every((e) => e.response.status === 200)).toBe(true);
  });

  it("refuses the admin host's link when the client was not told of it (no derivable admin host on loopback)", async () => {
    const client = createOktaClient({ orgUrl: new URL(sandbox.url), auth: await app(false), logger: silent });
    await expect(client.findSecurityAccessReviewsByNameContaining(ref)).rejects.toThrow(/next-page link points outside the Okta org/);
  });

  it("never sends the token to a host that is neither the org nor its admin host", async () => {
    // The sandbox itself stands in for Okta here; its links are rewritten to a third origin.
    const other = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
    const rewriting: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const text = (await res.text()).replaceAll(sandbox.adminUrl, other);
      const headers = new Headers(res.headers);
      const link = headers.get("link");
      if (link !== null) headers.set("link", link.replaceAll(sandbox.adminUrl, other));
      return new Response(text, { status: res.status, headers });
    };
    const client = createOktaClient({ orgUrl: new URL(sandbox.url), adminUrl: new URL(sandbox.adminUrl), auth: await app(false), logger: silent, fetch: rewriting });
    const failure = client.findSecurityAccessReviewsByNameContaining(ref);
    await expect(failure).rejects.toBeInstanceOf(OktaInvalidResponse);
    await expect(failure).rejects.toThrow(/outside the Okta org/);
    expect(elsewhereHits).toBe(0);
  });

  it("refuses an admin URL that is neither https nor loopback", async () => {
    expect(() => createOktaClient({ orgUrl: new URL(sandbox.url), adminUrl: new URL("http://acme-admin.okta.com"), auth: { kind: "ssws", apiToken: "x" }, logger: silent })).toThrow(
      /admin URL must use https/,
    );
  });

  it.each([
    ["another org's admin host", "https://acme.okta.com", "https://evil-admin.okta.com", /not the admin host of https:\/\/acme\.okta\.com; that is https:\/\/acme-admin\.okta\.com/],
    ["a remote host for a loopback org", "http://127.0.0.1:8090", "https://acme-admin.okta.com", /not a loopback host like the org/],
    ["a host unrelated to a custom domain", "https://login.acme.com", "https://login.evil.example", /unrelated to the org https:\/\/login\.acme\.com/],
  ])("refuses %s as the admin URL, before any call", (_what, org, admin, message) => {
    const create = () => createOktaClient({ orgUrl: new URL(org), adminUrl: new URL(admin), auth: { kind: "ssws", apiToken: "x" }, logger: silent });
    expect(create).toThrow(message);
  });
});
