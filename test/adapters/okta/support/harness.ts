/**
 * One fake Okta per test, a fake clock starting at `T0`, a sleep that
 * advances it and records each wait, and a factory for clients wired to all
 * three with short retry delays.
 */
import { pino } from "pino";
import { createOktaClient, type OktaAuth, type OktaClientOptions } from "../../../../src/adapters/okta/index.js";
import type { OktaGovernance } from "../../../../src/governance/ports.js";
import { startFakeOkta, type FakeOkta } from "./fake-okta.js";
import { fakeClock, recordingSleep, type FakeClock } from "./test-kit.js";

/** A whole second, so `X-Rate-Limit-Reset` (epoch seconds) arithmetic is exact. */
export const T0 = new Date("2030-01-01T00:00:00Z");

export interface Harness {
  okta: FakeOkta;
  clock: FakeClock;
  /** Every wait the client asked for, in ms. */
  waits: number[];
  client(over?: Partial<OktaClientOptions>): OktaGovernance;
}

/** Starts the fake org; `auth` picks the credentials clients use. */
export async function startHarness(auth: (okta: FakeOkta) => OktaAuth): Promise<Harness> {
  const okta = await startFakeOkta();
  const clock = fakeClock(T0);
  const { waits, sleep } = recordingSleep(clock);
  const client = (over: Partial<OktaClientOptions> = {}) =>
    createOktaClient({
      orgUrl: okta.orgUrl,
      auth: auth(okta),
      logger: pino({ level: "silent" }),
      clock,
      sleep,
      random: () => 0,
      retry: { retries: 2, minDelayMs: 1, maxDelayMs: 2 },
      ...over,
    });
  return { okta, clock, waits, client };
}
