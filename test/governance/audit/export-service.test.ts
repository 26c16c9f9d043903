// Starting an audit export: the permission check comes first, `since` is
// checked before anything is issued, links keep PUBLIC_URL's path, and
// every export is itself audited.
import { pino } from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../../src/governance/actor.js";
import { createAuditExportService, createAuditRecorder, type AuditExportService } from "../../../src/governance/audit/index.js";
import { NotAllowed } from "../../../src/governance/errors.js";
import type { IdentityResolver } from "../../../src/governance/identity/types.js";
import type { GovernanceStore } from "../../../src/governance/store.js";
import { createManualClock, testStoreForFile } from "../../support/core-harness.js";

const clock = createManualClock("2030-03-10T12:00:00Z");
const testStore = testStoreForFile({ clock });
const logger = pino({ level: "silent" });
const admin: Actor = { platform: "teams", tenantId: "tenant-1", userId: "29:carol", correlationId: "corr-carol" };
const responder: Actor = { platform: "teams", tenantId: "tenant-1", userId: "29:alice", correlationId: "corr-alice" };

// Only the permission check is scripted here; the end-to-end test runs the real resolver against the sandbox.
const identity: Pick<IdentityResolver, "authorize"> = {
  authorize: async (actor, action) => {
    if (actor.userId !== admin.userId) throw new NotAllowed(action, ["admin"], "You need the admin role to read the audit trail.");
    return { user: { id: "00udemocarol00000000" } } as Awaited<ReturnType<IdentityResolver["authorize"]>>;
  },
};

let store: GovernanceStore;
let service: AuditExportService;

beforeAll(() => {
  store = testStore();
  service = createAuditExportService({ identity, store, audit: createAuditRecorder({ store, logger }), clock, logger, publicUrl: () => "https://bot.example.com/chatops" });
});

describe("starting an audit export", () => {
  it("refuses someone without audit.read before looking at since, and issues nothing", async () => {
    const started = await service.start(responder, { since: "not-a-date", delivery: "link" });
    expect(started).toEqual({ kind: "refused", reply: expect.objectContaining({ type: "error", code: "not_allowed", message: "You need the admin role to read the audit trail." }) });
    expect((await store.queryAudit({ limit: 5 })).some((e) => e.action === "audit.export")).toBe(false);
  });

  it("refuses a bad since for an admin", async () => {
    const started = await service.start(admin, { since: "soon", delivery: "file" });
    expect(started.kind).toBe("refused");
    expect(started.kind === "refused" && started.reply.type === "error" ? started.reply.fields : undefined).toEqual({ since: expect.stringContaining("neither a date nor a duration") });
  });

  it("issues a link under PUBLIC_URL's path that opens the export once, audited in the admin's name", async () => {
    const started = await service.start(admin, { since: "24h", delivery: "link" });
    if (started.kind !== "link") throw new Error(`expected a link, got ${started.kind}`);
    expect(started.url).toMatch(/^https:\/\/bot\.example\.com\/chatops\/audit\/export\?ticket=[A-Za-z0-9_-]{43}$/);
    expect(started.since?.toISOString()).toBe("2030-03-09T12:00:00.000Z");
    const ticket = new URL(started.url).searchParams.get("ticket") ?? "";
    const opened = await service.openWithTicket(ticket, { correlationId: "http-1" });
    expect(opened).toMatchObject({ ok: true, since: started.since });
    expect(await service.openWithTicket(ticket, { correlationId: "http-2" })).toMatchObject({ ok: false, status: 403 });
    const trail = await store.queryAudit({ limit: 5 });
    expect(trail.filter((e) => e.action === "audit.export").map((e) => [e.details.delivery, e.actor.chatUserId, e.actor.oktaUserId])).toEqual([
      ["download-link-used", admin.userId, "00udemocarol00000000"],
      ["download-link-issued", admin.userId, "00udemocarol00000000"],
    ]);
  });

  it("opens the token path with since, refusing a bad one with 400", async () => {
    expect(await service.openWithToken({ since: "7 days", correlationId: "http-3" })).toMatchObject({ ok: false, status: 400 });
    const opened = await service.openWithToken({ since: "2030-03-01", correlationId: "http-4" });
    expect(opened).toMatchObject({ ok: true, since: new Date("2030-03-01T00:00:00Z") });
  });
});
