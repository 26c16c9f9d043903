/** The acknowledgement functions Bolt hands to listeners, as the flows use them. */
import type { RespondArguments, ViewResponseAction } from "@slack/bolt";

export type ViewAck = (response?: ViewResponseAction) => Promise<void>;
export type CommandAck = (response?: string | RespondArguments) => Promise<void>;
export type PlainAck = () => Promise<void>;
