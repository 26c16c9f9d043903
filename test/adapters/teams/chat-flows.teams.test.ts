// The shared chat flows (test/adapters/contract/chat-flows.ts), driven
// through Teams' wire protocol against the real core and Okta sandbox.
import { chatFlowSuite } from "../contract/chat-flows.js";
import { teamsDriverFactory } from "./support/teams-chat-driver.js";

chatFlowSuite("Microsoft Teams", teamsDriverFactory);
