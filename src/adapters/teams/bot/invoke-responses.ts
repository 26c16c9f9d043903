/** The three answers an `adaptiveCard/action` invoke can get (Universal Actions response format). */
import type { AdaptiveCardInvokeResponse } from "botbuilder";
import type { AdaptiveCard } from "../render/card-kit.js";

/** The clicker's card is replaced by `card`. */
export function cardResponse(card: AdaptiveCard): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: card as unknown as Record<string, unknown> };
}

/** Teams shows `text` to the clicker only; the card stays. */
export function messageResponse(text: string): AdaptiveCardInvokeResponse {
  // Teams expects a plain string here; botbuilder's type says object.
  return { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: text as unknown as Record<string, unknown> };
}

export function errorResponse(statusCode: 400 | 403 | 404 | 500, code: string, message: string): AdaptiveCardInvokeResponse {
  return { statusCode, type: "application/vnd.microsoft.error", value: { code, message } };
}
