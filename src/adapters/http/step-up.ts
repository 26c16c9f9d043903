/**
 * The browser side of step-up sign-in (docs/step-up.md):
 * `GET /stepup/start?c=<secret>` redirects the approver to Okta, and
 * `GET /stepup/callback` is where Okta sends them back. Both answer a small
 * self-contained HTML page (no scripts, no caching, not framable) or a
 * redirect; the secret and the code never reach a log line.
 */
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { StepUpPage, StepUpService } from "../../governance/stepup/index.js";
import type { HttpServer } from "./server.js";

export const STEP_UP_START_PATH = "/stepup/start";
export const STEP_UP_CALLBACK_PATH = "/stepup/callback";

const SECURITY_HEADERS = {
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
};

/** Mounts the two step-up routes on the bot's HTTP server. */
export function mountStepUp(http: HttpServer, service: StepUpService, logger: Logger): void {
  const answer = async (res: ServerResponse, work: () => Promise<StepUpPage>): Promise<void> => {
    let result: StepUpPage;
    try {
      result = await work();
    } catch (err) {
      logger.error({ err }, "step-up request failed");
      result = { kind: "page", status: 500, title: "Something went wrong", message: "Nothing was approved or changed. Click the button on the card again." };
    }
    send(res, result);
  };
  http.route("GET", STEP_UP_START_PATH, (req, res) =>
    answer(res, () => service.open(new URL(req.url ?? "/", "http://localhost").searchParams.get("c"))),
  );
  http.route("GET", STEP_UP_CALLBACK_PATH, (req, res) =>
    answer(res, () => service.callback(new URL(req.url ?? "/", "http://localhost"), randomUUID())),
  );
}

function send(res: ServerResponse, result: StepUpPage): void {
  if (res.headersSent) return;
  if (result.kind === "redirect") {
    res.writeHead(302, { ...SECURITY_HEADERS, location: result.location, "content-length": 0 });
    res.end();
    return;
  }
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<title>${escapeHtml(result.title)}</title><style>body{font-family:sans-serif;max-width:36em;margin:3em auto;line-height:1.4}</style></head>` +
    `<body><h1>${escapeHtml(result.title)}</h1><p id="message">${escapeHtml(result.message)}</p></body></html>`;
  res.writeHead(result.status, { ...SECURITY_HEADERS, "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(html) });
  res.end(html);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
