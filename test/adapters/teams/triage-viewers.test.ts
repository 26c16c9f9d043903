// Who gets their own version of a review's shared card: kept per review in
// the chat state, newest last, at most 60, only well-formed Teams ids.
import { describe, expect, it } from "vitest";
import { addTriageViewer, readTriageViewers, triageViewersKey } from "../../../src/adapters/teams/conversation/triage-viewers.js";
import { FakeCore } from "./support/fake-core.js";

describe("triage card viewers", () => {
  it("adds each Teams id once, keeps the latest 60, and keeps reviews apart", async () => {
    const state = new FakeCore();
    for (let i = 0; i < 70; i++) await addTriageViewer(state, "t1", "sar1", `29:user${i}`);
    await addTriageViewer(state, "t1", "sar1", "29:user69");
    const viewers = await readTriageViewers(state, "t1", "sar1");
    expect(viewers).toHaveLength(60);
    expect(viewers[0]).toBe("29:user10");
    expect(viewers.at(-1)).toBe("29:user69");
    expect(await readTriageViewers(state, "t1", "sar2")).toEqual([]);
    expect(await readTriageViewers(state, "t2", "sar1")).toEqual([]);
  });

  it("a known viewer writes nothing; a malformed id is not stored", async () => {
    const state = new FakeCore();
    await addTriageViewer(state, "t1", "sar1", "29:alice");
    const writes = () => state.callsOf("putConversationReference").length;
    const before = writes();
    await addTriageViewer(state, "t1", "sar1", "29:alice");
    await addTriageViewer(state, "t1", "sar1", "<at>everyone</at>");
    await addTriageViewer(state, "t1", "sar1", undefined);
    expect(writes()).toBe(before);
    expect(await readTriageViewers(state, "t1", "sar1")).toEqual(["29:alice"]);
  });

  it("reads a damaged record as no viewers, dropping entries that are not ids", async () => {
    const state = new FakeCore();
    await state.putConversationReference(triageViewersKey("t1", "sar1"), { v: 1, userIds: ["29:ok", 5, "bad id with spaces", null] });
    expect(await readTriageViewers(state, "t1", "sar1")).toEqual(["29:ok"]);
    await state.putConversationReference(triageViewersKey("t1", "sar1"), "nonsense");
    expect(await readTriageViewers(state, "t1", "sar1")).toEqual([]);
  });
});
