// Reading a failed Slack call: Slack's own error code when it answered, the
// system error's code (ECONNREFUSED, ...) when it could not be reached, and
// nothing of the request (its Authorization header holds the bot token) in
// what is logged. The Slack client puts fetch's error on the request error's
// `cause`; the system error with its code is on that error's `cause`.
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { webApi } from "@slack/bolt";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createSlackWebClient, describeSlackError, loggableError, networkErrorCode, slackErrorCode } from "../../../src/adapters/slack/slack-web.js";

const TOKEN = "xoxb-secret-bot-token-0000";

/** What fetch rejects with when nothing listens: "fetch failed", the system error on its `cause`. */
function fetchFailed(code: string): TypeError {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code, errno: -111, syscall: "connect" }) });
}

/** A port nothing listens on (one just closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("slackErrorCode", () => {
  it("gives the system code from the cause of a request error shaped as the client's", () => {
    const err = { code: "slack_webapi_request_error", message: "A request error occurred: fetch failed", cause: { code: "ECONNREFUSED" } };
    expect(slackErrorCode(err)).toBe("ECONNREFUSED");
  });

  it("gives the system code of the client's own request error, two causes deep", () => {
    const err = new webApi.WebAPIRequestError(fetchFailed("ENOTFOUND"));
    expect(err.code).toBe(webApi.ErrorCode.RequestError);
    expect(slackErrorCode(err)).toBe("ENOTFOUND");
    expect(networkErrorCode(err)).toBe("ENOTFOUND");
  });

  it("gives ECONNREFUSED for a real call to a port where nothing listens", async () => {
    const client = createSlackWebClient({ botToken: TOKEN, apiUrl: `http://127.0.0.1:${await closedPort()}/api/`, logger: pino({ level: "silent" }), retries: 0, timeoutMs: 5_000 });
    const err: unknown = await client.auth.test().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as { code?: unknown }).code).toBe(webApi.ErrorCode.RequestError);
    expect(slackErrorCode(err)).toBe("ECONNREFUSED");
    expect(describeSlackError(err).slackError).toBe("ECONNREFUSED");
  });

  it("gives Slack's own error when Slack answered with one", () => {
    const err = new webApi.WebAPIPlatformError({ ok: false, error: "channel_not_found" });
    expect(slackErrorCode(err)).toBe("channel_not_found");
    expect(networkErrorCode(err)).toBeUndefined();
  });

  it("keeps the client's code when no system error is behind the failure (a timeout)", () => {
    const timeout = new DOMException("The operation was aborted due to timeout", "TimeoutError");
    const err = new webApi.WebAPIRequestError(timeout);
    expect(networkErrorCode(err)).toBeUndefined();
    expect(slackErrorCode(err)).toBe(webApi.ErrorCode.RequestError);
  });

  it("reads the code an older client put on `original`", () => {
    expect(slackErrorCode({ code: "slack_webapi_request_error", original: { code: "ETIMEDOUT" } })).toBe("ETIMEDOUT");
  });

  it("ends on an error that is its own cause", () => {
    const err: { code: string; cause?: unknown } = { code: "slack_webapi_request_error" };
    err.cause = err;
    expect(slackErrorCode(err)).toBe("slack_webapi_request_error");
  });

  it("gives nothing for what is not an error object", () => {
    expect(slackErrorCode("ECONNREFUSED")).toBeUndefined();
    expect(slackErrorCode(undefined)).toBeUndefined();
  });
});

describe("loggableError", () => {
  it("reduces a request error to its codes and message, without the request that holds the token", () => {
    const original = Object.assign(fetchFailed("ECONNREFUSED"), { request: { headers: { Authorization: `Bearer ${TOKEN}` } } });
    const logged = loggableError(new webApi.WebAPIRequestError(original));
    expect(logged).toEqual({ type: "SlackWebApiError", code: webApi.ErrorCode.RequestError, slackError: "ECONNREFUSED", message: "A request error occurred: fetch failed" });
    expect(JSON.stringify(logged)).not.toContain(TOKEN);
  });

  it("reduces an HTTP error to its codes and message, without the headers and body", () => {
    const err = new webApi.WebAPIHTTPError(500, "Internal Server Error", { "x-echo": TOKEN }, `{"token":"${TOKEN}"}`);
    const logged = loggableError(err);
    expect(logged).toEqual({ type: "SlackWebApiError", code: webApi.ErrorCode.HTTPError, slackError: webApi.ErrorCode.HTTPError, message: "An HTTP protocol error occurred: statusCode = 500" });
    expect(JSON.stringify(logged)).not.toContain(TOKEN);
  });

  it("leaves an error that is not the Slack client's to the logger", () => {
    const err = fetchFailed("ECONNRESET");
    expect(loggableError(err)).toBe(err);
  });
});
