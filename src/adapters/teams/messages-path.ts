/** Where Teams (the Bot Framework) posts activities to the bot. */
export const TEAMS_MESSAGES_PATH = "/api/messages";
