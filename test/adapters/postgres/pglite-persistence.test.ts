import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { migrate } from "../../../src/adapters/postgres/migrate.js";
import { createPgliteExecutor } from "../../../src/adapters/postgres/pglite-executor.js";
import { createPostgresStore } from "../../../src/adapters/postgres/postgres-store.js";
import { launchInput } from "./contract/fixtures.js";
import { manualClock } from "./manual-clock.js";

describe("PGlite in a data directory", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it("data written survives closing and reopening the database, in a folder made on first start", async () => {
    dir = await mkdtemp(join(tmpdir(), "oig-pglite-"));
    const dataDir = join(dir, "data", "pglite");
    const clock = manualClock();

    const first = await createPgliteExecutor({ dataDir });
    await migrate(first);
    const created = await createPostgresStore(first, { clock }).createLaunch(launchInput(clock));
    await first.close();

    const reopened = await createPgliteExecutor({ dataDir });
    try {
      expect((await migrate(reopened)).applied).toEqual([]);
      expect(await createPostgresStore(reopened, { clock }).getLaunch(created.id)).toEqual(created);
    } finally {
      await reopened.close();
    }
  });
});
