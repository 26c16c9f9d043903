/**
 * Driving Microsoft's Agents Playground (its Teams web UI and Adaptive Card
 * renderer) with playwright-core and the system's Chromium. Never downloads
 * a browser: without one the caller skips (or fails under CI).
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

/** The Chromium to drive: CHROMIUM_PATH, else Debian's. Undefined when there is none. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter((p): p is string => typeof p === "string" && p !== "");
  return candidates.find((p) => existsSync(p));
}

export async function openBrowser(executablePath: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "oig-playground-browser-")), {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 1000 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Generous: the machine may be busy; nothing here measures time. */
export const UI_TIMEOUT_MS = 90_000;

/** Types `text` into the chat's compose box and sends it. */
export async function say(page: Page, text: string): Promise<void> {
  const box = page.getByRole("textbox").last();
  await box.click();
  await box.pressSequentially(text);
  await box.press("Enter");
}

/** Opens the message extension's action command (the launch form) as the playground's compose box does. */
export async function openActionCommand(page: Page, commandId: string): Promise<void> {
  await page.getByLabel("Trigger Message Extension App").last().click();
  await page.getByRole("menuitem", { name: "Action Command" }).click();
  await page.getByRole("textbox", { name: "Command ID" }).fill(commandId);
  await page.getByText("Adaptive Cards").first().click();
  await page.getByRole("button", { name: "Create" }).click();
}

/**
 * Lines on the page that report a problem: the log panel's calls answered
 * 4xx/5xx ("invoke 500"), an answer it calls invalid, or a card the
 * renderer could not show.
 */
export async function shownProblems(page: Page): Promise<string[]> {
  const text = await page.locator("body").innerText();
  return text.split("\n").filter((line) => /\b[A-Za-z/]+ [45]\d\d\b|invalid|error|unable to render|could not render/i.test(line));
}
