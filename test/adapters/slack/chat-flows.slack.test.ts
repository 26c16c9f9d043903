// The chat flows every front end must get right, run over Slack.
import { chatFlowSuite } from "../contract/chat-flows.js";
import { slackDriverFactory } from "./support/slack-chat-driver.js";

chatFlowSuite("Slack", slackDriverFactory);
