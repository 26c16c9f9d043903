/** A fixture made before each test and disposed of after it. */
import { afterEach, beforeEach } from "vitest";

export function perTest<T extends { dispose: () => Promise<void> }>(make: () => Promise<T>): () => T {
  let current: T | undefined;
  beforeEach(async () => {
    current = await make();
  });
  afterEach(async () => {
    await current?.dispose();
    current = undefined;
  });
  return () => {
    if (current === undefined) throw new Error("no fixture: beforeEach did not run");
    return current;
  };
}
