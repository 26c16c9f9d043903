// The neutral views adapters render: people shown by login where known,
// by id where not; reviewer profiles Okta embeds in a SAR are used.
import { describe, expect, it } from "vitest";
import type { OktaUserId, SarId, SecurityAccessReview } from "../../../src/governance/okta/types.js";
import { toLaunchView, toSarView } from "../../../src/governance/sar/index.js";
import type { DecisionRecord, LaunchId, LaunchRecord } from "../../../src/governance/store.js";

const id = (s: string) => s as OktaUserId;

const sar = {
  id: "sar1" as SarId,
  name: "SAR dan INC-1 L7K2Q9X",
  status: "PENDING",
  endTime: "2030-01-08T00:00:00.000Z",
  created: "2030-01-01T00:00:00.000Z",
  reviewerSettings: {
    type: "USER",
    userSettings: {
      includedUserIds: ["00uerin", "00ufrank"],
      includedUserProfiles: [{ id: "00uerin", login: "erin@example.com", firstName: "Erin", lastName: "Reviewer" }],
    },
  },
} as SecurityAccessReview;

describe("SAR view", () => {
  it("names reviewers from Okta's embedded profiles and shows the id of anyone unknown", () => {
    const view = toSarView(sar, { principalId: "00udan", launchReference: "L7K2Q9X" });
    expect(view).toEqual({
      id: "sar1",
      name: "SAR dan INC-1 L7K2Q9X",
      status: "PENDING",
      endTime: "2030-01-08T00:00:00.000Z",
      created: "2030-01-01T00:00:00.000Z",
      principal: { oktaUserId: "00udan", login: "00udan" },
      reviewers: [
        { oktaUserId: "00uerin", login: "erin@example.com", displayName: "Erin Reviewer" },
        { oktaUserId: "00ufrank", login: "00ufrank" },
      ],
      launchReference: "L7K2Q9X",
    });
  });

  it("has no link unless the deployment gives one", () => {
    expect(toSarView(sar).url).toBeUndefined();
    expect(toSarView(sar, { url: "https://acme-admin.okta.com/x" }).url).toBe("https://acme-admin.okta.com/x");
  });

  it("prefers people the caller knows over the embedded profiles", () => {
    const people = new Map([["00uerin", { oktaUserId: "00uerin", login: "erin.r@example.com" }]]);
    expect(toSarView(sar, { people }).reviewers?.[0]).toEqual({ oktaUserId: "00uerin", login: "erin.r@example.com" });
  });
});

describe("launch view", () => {
  const record: LaunchRecord = {
    id: "0b0f4d4e-0000-4000-8000-000000000001" as LaunchId,
    reference: "L7K2Q9X",
    state: "PENDING_APPROVAL",
    requester: { platform: "slack", tenantId: "T1", chatUserId: "U1", oktaUserId: id("00ualice") },
    target: { oktaUserId: id("00udan"), login: "dan@example.com" },
    reviewerIds: [id("00uerin")],
    sarName: "SAR dan@example.com L7K2Q9X",
    sarEndTime: new Date("2030-01-08T00:00:00Z"),
    reason: "why",
    incidentRef: null,
    approval: { required: true, minApprovals: 1, expiresAt: new Date("2030-01-01T00:30:00Z") },
    conversation: { platform: "slack", tenantId: "T1", conversationId: "C1" },
    approvalMessageId: null,
    attempts: 0,
    sarId: null,
    sarStatus: null,
    failure: null,
    resolution: null,
    createdAt: new Date("2030-01-01T00:00:00Z"),
    updatedAt: new Date("2030-01-01T00:00:00Z"),
    version: 1,
  };

  it("shows the target's stored login even when nobody else is known", () => {
    const view = toLaunchView(record);
    expect(view.target).toEqual({ oktaUserId: "00udan", login: "dan@example.com" });
    expect(view.requester).toEqual({ oktaUserId: "00ualice", login: "00ualice", platform: "slack", chatUserId: "U1" });
  });

  it("carries decisions with the approver's chat and Okta identity", () => {
    const decision: DecisionRecord = {
      launchId: record.id,
      approver: { platform: "slack", tenantId: "T1", chatUserId: "U2", oktaUserId: id("00ubob") },
      decision: "deny",
      reason: "not needed",
      decidedAt: new Date("2030-01-01T00:05:00Z"),
    };
    const people = new Map([["00ubob", { oktaUserId: "00ubob", login: "bob@example.com" }]]);
    expect(toLaunchView(record, people, [decision]).approval.decisions).toEqual([
      {
        approver: { oktaUserId: "00ubob", login: "bob@example.com", platform: "slack", chatUserId: "U2" },
        decision: "deny",
        reason: "not needed",
        at: new Date("2030-01-01T00:05:00Z"),
      },
    ]);
  });
});
