/**
 * The flows every chat front end must get right (PRODUCT.md 4), written
 * once against `ChatDriver` and run by each adapter's tests with its own
 * driver: launch with approval to exactly one SAR, status changes in the
 * thread, deny, a refusal naming the missing role, status and request
 * messages. Call `chatFlowSuite(name, factory)` inside a test file.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_REQUESTS, DEMO_USERS } from "../../support/core-harness.js";
import type { ChatDriver, ChatDriverFactory, ChatFlowEnvironment, LaunchHandle, Seen } from "./chat-driver.js";

/** Polls `read` until it returns something; only a hang fails (generous limit). */
async function eventually<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 25_000): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > giveUpAt) throw new Error(`never saw: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const containing = (seen: Seen[], text: string | RegExp): Seen | undefined =>
  seen.find((s) => (typeof text === "string" ? s.text.includes(text) : text.test(s.text)));

export function chatFlowSuite(platform: string, factory: ChatDriverFactory): void {
  describe(`chat flows on ${platform}`, () => {
    let env: ChatFlowEnvironment;
    let chat: ChatDriver;
    beforeAll(async () => {
      env = await factory();
      chat = env.driver;
    });
    afterAll(async () => env?.close());

    const sarsOf = (launch: LaunchHandle) => env.h.sandbox.org.listSars().filter((sar) => sar.name.includes(launch.reference));

    it("a responder's launch waits for approval; an approver's click creates exactly one SAR, announced in the thread", async () => {
      const launch = await chat.startLaunch("alice", "dan", "suspicious OAuth grant INC-4711");
      const card = await chat.launchCard(launch);
      expect(card.text).toContain(DEMO_USERS.dan.login);
      expect(card.text).toContain("suspicious OAuth grant INC-4711");
      expect(card.buttons).toContain("Approve");
      expect(sarsOf(launch)).toHaveLength(0);

      const seen = await chat.approve("bob", launch);
      expect(seen.text).toMatch(/approved/i);

      const announced = await eventually("the SAR id in the thread", async () => {
        const [sar] = sarsOf(launch);
        return sar === undefined ? undefined : containing(await chat.thread(launch), sar.id);
      });
      expect(sarsOf(launch)).toHaveLength(1);
      expect(announced.text).toContain(DEMO_USERS.dan.login);
      const after = await chat.launchCard(launch);
      expect(after.buttons).not.toContain("Approve");
      expect(after.text).toContain(DEMO_USERS.bob.login);
    });

    it("the launched review's status change is posted in the same thread", async () => {
      const launch = await chat.startLaunch("alice", "dan", "impossible travel");
      await chat.approve("bob", launch);
      const sarId = await eventually("the SAR", async () => sarsOf(launch)[0]?.id);
      await eventually("the launch to be watched", async () => (containing(await chat.thread(launch), sarId) ? true : undefined));
      const changed = await eventually("ACTIVE in the thread", async () => {
        env.h.clock.advance(61_000);
        await env.core.watches.pollOnce();
        return containing(await chat.thread(launch), /ACTIVE/);
      });
      expect(changed.text).toContain(sarId);
    });

    it("a second approval after the decision changes nothing", async () => {
      const launch = await chat.startLaunch("alice", "dan", "second click");
      await chat.approve("bob", launch);
      await eventually("the SAR", async () => sarsOf(launch)[0]);
      const again = await chat.approve("carol", launch);
      expect(again.text).toMatch(/already/i);
      expect(sarsOf(launch)).toHaveLength(1);
    });

    it("a denial with a reason ends the launch: no SAR, the card shows who denied and why", async () => {
      const launch = await chat.startLaunch("alice", "dan", "false alarm?");
      const seen = await chat.deny("bob", launch, "the alert was a test");
      expect(seen.text).toMatch(/denied/i);
      const card = await chat.launchCard(launch);
      expect(card.text).toContain("the alert was a test");
      expect(card.buttons).not.toContain("Approve");
      expect(sarsOf(launch)).toHaveLength(0);
    });

    it("someone without the approver role is refused, told which role is missing, and nothing changes", async () => {
      const launch = await chat.startLaunch("alice", "dan", "needs four eyes");
      const seen = await chat.approve("erin", launch);
      expect(seen.text).toMatch(/approver/);
      const requester = await chat.approve("alice", launch);
      expect(requester.text).toMatch(/someone else/i);
      expect((await chat.launchCard(launch)).buttons).toContain("Approve");
      expect(sarsOf(launch)).toHaveLength(0);
    });

    it("status shows an access request from Okta", async () => {
      const { id, status } = DEMO_REQUESTS.danPending;
      const seen = await chat.status("alice", id);
      expect(seen.text).toContain(id);
      expect(seen.text).toContain(status);
    });

    it("a request message reaches Okta once, exactly as typed, and is confirmed", async () => {
      const { id } = DEMO_REQUESTS.danPending;
      const before = env.h.sandbox.org.messagesFor(id).length;
      const text = "Please confirm the grant [link](https://evil.example) \"now\"";
      const seen = await chat.postMessage("alice", id, text);
      expect(seen.text).toContain(id);
      const messages = env.h.sandbox.org.messagesFor(id);
      expect(messages).toHaveLength(before + 1);
      expect(messages.at(-1)?.message).toBe(text);
    });
  });
}
