/**
 * The shared fake core (test/support/fake-core.ts) with the defaults the
 * Teams adapter's tests were written against.
 */
import { FakeCore as SharedFakeCore, type FakeCoreOptions } from "../../../support/fake-core.js";

export { pendingLaunch, type CoreAndChatState, type RecordedCall, type Script } from "../../../support/fake-core.js";

export class FakeCore extends SharedFakeCore {
  constructor(options: FakeCoreOptions = {}) {
    super({ defaults: "teams", ...options });
  }
}

/** A fresh fake as both of an adapter's ports. */
export function fakeCoreAndState(): { core: FakeCore; chatState: FakeCore } {
  const core = new FakeCore();
  return { core, chatState: core };
}
