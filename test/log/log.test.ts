import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { censor, childForEvent, createLogger, type Logger, redactSecrets } from "../../src/log.js";

/** A logger writing into memory, and the lines it wrote so far. */
function memoryLogger(level = "info", pretty = false): { log: Logger; lines: () => Record<string, unknown>[]; text: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString("utf8"));
      done();
    },
  });
  const log = createLogger({ level, pretty, destination });
  const text = (): string => chunks.join("");
  const lines = (): Record<string, unknown>[] =>
    text()
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { log, lines, text };
}

describe("createLogger", () => {
  it("writes JSON lines with the service name and level filtering", () => {
    const { log, lines } = memoryLogger("warn");
    log.info("not written");
    log.warn({ launchId: "L-1" }, "written");
    expect(lines()).toEqual([expect.objectContaining({ level: 40, service: "oig-chatops", launchId: "L-1", msg: "written" })]);
  });

  it("censors secrets at several depths while ordinary fields remain", () => {
    const { log, lines } = memoryLogger();
    log.info(
      {
        token: "tok-0",
        headers: { authorization: "SSWS top-level", accept: "application/json" },
        req: { method: "POST", headers: { Authorization: "Bearer req-1", DPoP: "eyJdpop", "x-request-id": "r-1" } },
        okta: { call: { form: { client_assertion: "eyJassertion", grant_type: "client_credentials" }, config: { privateKey: "-----BEGIN PRIVATE KEY-----" } } },
        teams: { app: { credentials: { appPassword: "pw", appId: "app-1" } } },
        slack: { signingSecret: "sig", botToken: "xoxb-1", channel: "C1" },
        deep: { a: { b: { c: { d: { e: { password: "p6" } } } } } },
        list: [{ access_token: "at-1", scope: "okta.users.read" }],
        sso: { apiToken: "00ssws", accessToken: "at-2", clientAssertion: "ca", private_key: "pk" },
      },
      "call",
    );
    const [line] = lines();
    expect(line).toMatchObject({
      token: censor,
      headers: { authorization: censor, accept: "application/json" },
      req: { method: "POST", headers: { Authorization: censor, DPoP: censor, "x-request-id": "r-1" } },
      okta: { call: { form: { client_assertion: censor, grant_type: "client_credentials" }, config: { privateKey: censor } } },
      teams: { app: { credentials: { appPassword: censor, appId: "app-1" } } },
      slack: { signingSecret: censor, botToken: censor, channel: "C1" },
      deep: { a: { b: { c: { d: { e: { password: censor } } } } } },
      list: [{ access_token: censor, scope: "okta.users.read" }],
      sso: { apiToken: censor, accessToken: censor, clientAssertion: censor, private_key: censor },
      msg: "call",
    });
  });

  it("censors a token inside an error's own fields, and keeps the error's message and stack", () => {
    const { log, lines } = memoryLogger();
    const error = Object.assign(new Error("request failed"), { config: { headers: { Authorization: "Bearer in-error" } } });
    log.error({ err: error }, "okta call failed");
    const [line] = lines() as [{ err: Record<string, unknown> }];
    expect(line.err).toMatchObject({ type: "Error", message: "request failed", config: { headers: { Authorization: censor } } });
    expect(String(line.err.stack)).toContain("request failed");
  });

  it("leaves values with their own JSON form (dates, URLs) as they are", () => {
    const { log, lines } = memoryLogger();
    log.info({ at: new Date("2030-01-01T00:00:00.000Z"), url: new URL("https://acme.okta.com/api/v1/users") });
    expect(lines()[0]).toMatchObject({ at: "2030-01-01T00:00:00.000Z", url: "https://acme.okta.com/api/v1/users" });
  });

  it("pretty output is human-readable and still censored", () => {
    const { log, text } = memoryLogger("info", true);
    log.info({ headers: { authorization: "Bearer pretty-secret" }, launchId: "L-9" }, "launched");
    expect(text()).toContain("launched");
    expect(text()).toContain("L-9");
    expect(text()).not.toContain("pretty-secret");
    expect(() => JSON.parse(text()) as unknown).toThrow();
  });
});

describe("childForEvent", () => {
  it("every line of the child carries the correlation id and platform", () => {
    const { log, lines } = memoryLogger();
    const child = childForEvent(log, { correlationId: "c-42", platform: "slack", teamId: "T1" });
    child.info("received");
    child.child({ okta: "getUser" }).warn("slow");
    log.info("unrelated");
    expect(lines().map((l) => [l.msg, l.correlationId, l.platform])).toEqual([
      ["received", "c-42", "slack"],
      ["slow", "c-42", "slack"],
      ["unrelated", undefined, undefined],
    ]);
    expect(lines()[0]).toMatchObject({ teamId: "T1", service: "oig-chatops" });
  });

  it("secrets in the child's context are censored too", () => {
    const { log, lines } = memoryLogger();
    childForEvent(log, { correlationId: "c-1", platform: "teams", auth: { token: "tok" } }).info("x");
    expect(lines()[0]).toMatchObject({ correlationId: "c-1", auth: { token: censor } });
  });
});

describe("plain child loggers", () => {
  it("a secret bound at the top level of a plain child is censored", () => {
    const { log, lines } = memoryLogger();
    log.child({ apiToken: "00ssws", Authorization: "Bearer b", requestId: "r-1" }).info("x");
    expect(lines()[0]).toMatchObject({ apiToken: censor, Authorization: censor, requestId: "r-1" });
  });
});

describe("redactSecrets", () => {
  it("does not modify its input", () => {
    const input = { headers: { authorization: "Bearer x" } };
    redactSecrets(input);
    expect(input.headers.authorization).toBe("Bearer x");
  });

  it("ends a reference cycle instead of looping", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    expect(() => JSON.stringify(redactSecrets(cyclic))).not.toThrow();
  });
});
