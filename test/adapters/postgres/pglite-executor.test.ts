// The first start on a new folder: the database is created (in a child process, so this one does not keep
// initdb's memory) while this process holds the folder's lock, and is then opened here like any later start.
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LOCK_FILE_NAME } from "../../../src/adapters/postgres/data-dir-lock.js";
import { migrate } from "../../../src/adapters/postgres/migrate.js";
import { createPgliteExecutor } from "../../../src/adapters/postgres/pglite-executor.js";

let dir: string | undefined;
afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("PGlite executor on a new folder", () => {
  it("creates the database while holding the folder's lock throughout, and what is written there survives a reopen", async () => {
    dir = await mkdtemp(join(tmpdir(), "oig-pglite-new-"));
    const dataDir = join(dir, "data", "pglite");
    const lockPath = join(dataDir, LOCK_FILE_NAME);

    // Watch the folder while it is being created: every look that finds database files finds this process's lock beside them.
    const looks: { lock: string | undefined; files: boolean }[] = [];
    const look = (): void => {
      if (!existsSync(dataDir)) return;
      const lock = existsSync(lockPath) ? readFileSync(lockPath, "utf8") : undefined;
      looks.push({ lock, files: existsSync(join(dataDir, "global")) || existsSync(join(dataDir, "PG_VERSION")) });
    };
    const watcher = setInterval(look, 5);
    let first;
    try {
      first = await createPgliteExecutor({ dataDir });
    } finally {
      clearInterval(watcher);
    }
    look();
    try {
      expect(existsSync(join(dataDir, "PG_VERSION"))).toBe(true);
      expect(looks.some((l) => l.files)).toBe(true);
      expect(looks.filter((l) => l.files && l.lock !== `${process.pid}\n`)).toEqual([]);
      await migrate(first);
      await first.exec("CREATE TABLE kept (id int PRIMARY KEY, label text); INSERT INTO kept VALUES (1, 'first start')");
    } finally {
      await first.close();
    }
    expect(existsSync(lockPath)).toBe(false);

    const reopened = await createPgliteExecutor({ dataDir });
    try {
      expect((await migrate(reopened)).applied).toEqual([]);
      expect((await reopened.query("SELECT id, label FROM kept")).rows).toEqual([{ id: 1, label: "first start" }]);
      const shown = await reopened.query<{ shared_buffers: string; max_connections: string }>(
        "SELECT current_setting('shared_buffers') AS shared_buffers, current_setting('max_connections') AS max_connections",
      );
      expect(shown.rows).toEqual([{ shared_buffers: "8MB", max_connections: "5" }]);
    } finally {
      await reopened.close();
    }
  }, 180_000);

  it("a folder the database cannot be created in fails with a message naming it, and releases the lock", async () => {
    dir = await mkdtemp(join(tmpdir(), "oig-pglite-new-"));
    const dataDir = join(dir, "data");
    await mkdir(dataDir);
    // A file where PostgreSQL needs its `base` directory.
    await writeFile(join(dataDir, "base"), "");

    const error = (await createPgliteExecutor({ dataDir }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain(`could not create a new database in ${dataDir}`);
    expect(error.message).toMatch(/file system error/);
    expect(await readdir(dataDir)).not.toContain(LOCK_FILE_NAME);
  }, 180_000);
});
