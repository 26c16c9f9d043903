// Shutdown order of the composition root: work a Slack listener still does
// after its ack (here: opening the launch form, held at views.open) must
// finish before the jobs stop and the database closes. Before the fix the
// app closed PGlite under it ("PGlite is closed").
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../../src/app.js";
import { createLogger } from "../../src/log.js";
import { BOT_TOKEN, SLACK_USERS, startFakeSlackApi, type FakeSlackApi } from "../../src/fakes/slack-web-api.js";
import { postSigned, SIGNING_SECRET, slashCommandBody } from "../../src/fakes/slack-requests.js";
import { repoRoot } from "../support/shared-dir.js";

/** A proxy in front of the fake Slack API that holds `views.open` answers until released. */
async function holdViewsOpen(target: FakeSlackApi): Promise<{ url: string; held: Promise<void>; release: () => void; close: () => Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let markHeld!: () => void;
  const held = new Promise<void>((resolve) => (markHeld = resolve));
  const upstream = new URL(target.url);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        if (req.url?.endsWith("/views.open") === true) {
          markHeld();
          await released;
        }
        const answer = await fetch(new URL(req.url ?? "/", upstream.origin), {
          method: req.method ?? "POST",
          headers: Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === "string" && e[0] !== "host" && e[0] !== "content-length")),
          body: Buffer.concat(chunks),
        });
        res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
        res.end(Buffer.from(await answer.arrayBuffer()));
      })().catch(() => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    held,
    release,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe("app.close() with Slack work in flight after the ack", () => {
  let dir: string;
  let slackApi: FakeSlackApi;
  let proxy: Awaited<ReturnType<typeof holdViewsOpen>>;
  let app: RunningApp | undefined;
  const logged: { level: number; msg: string; err?: { message?: string } }[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "oig-shutdown-"));
    slackApi = await startFakeSlackApi();
    proxy = await holdViewsOpen(slackApi);
    const destination = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) logged.push(JSON.parse(line) as (typeof logged)[number]);
        done();
      },
    });
    app = await startApp({
      env: {
        DATA_DIR: join(dir, "data"),
        POLICY_FILE: join(repoRoot, "policy.yaml"),
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_API_URL: proxy.url,
      },
      cwd: dir,
      port: 0,
      host: "127.0.0.1",
      logger: createLogger({ level: "warn", destination }),
    });
    process.on("unhandledRejection", onUnhandled);
  }, 60_000);

  afterAll(async () => {
    process.off("unhandledRejection", onUnhandled);
    proxy?.release();
    await app?.close();
    await proxy?.close();
    await slackApi?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("finishes the launch form before the jobs stop and the database closes; nothing fails", async () => {
    const running = app!;
    const order: string[] = [];
    // The jobs stop right before the executor closes: note when, and let the held work go on then (the old order got here first).
    const stopJobs = running.jobs.stop.bind(running.jobs);
    running.jobs.stop = async (options) => {
      order.push("jobs.stop");
      proxy.release();
      return stopJobs(options);
    };

    const res = await postSigned(running.url, slashCommandBody({ user: SLACK_USERS.alice, text: "<@U0TARGET|dan.target> suspicious OAuth grant" }));
    expect(res.status).toBe(200);
    await proxy.held;

    const closing = running.close().then(() => order.push("closed"));
    // With the fix close() waits for the held work, so nothing moves until it is let go.
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 1_000))]);
    order.push("views.open released");
    proxy.release();
    await closing;
    app = undefined;

    const updates = slackApi.callsTo("views.update");
    const form = updates.find((call) => JSON.stringify(call.args.view).includes("User under review"));
    expect(form, `the launch form was never shown; views.update calls: ${JSON.stringify(updates.map((c) => c.args))}`).toBeDefined();
    expect(order).toEqual(["views.open released", "jobs.stop", "closed"]);
    const errors = logged.filter((line) => line.level >= 50);
    expect(errors, JSON.stringify(errors)).toEqual([]);
    expect(JSON.stringify(logged)).not.toMatch(/closed/i);
    expect(unhandled).toEqual([]);
  }, 60_000);
});
