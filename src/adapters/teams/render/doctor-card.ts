/**
 * `/sar doctor` as an Adaptive Card (1.5): a summary, then the problems
 * with their numbered fix steps, then the checks that work or are off.
 * Check texts quote Okta and Slack errors, so they go into TextRuns
 * (`plain`/`fact`), never into markdown.
 */
import type { DoctorCheckView, Reply } from "../../../governance/replies.js";
import { card, container, heading, plain, type CardElement } from "./card-kit.js";
import { escapeMarkdown, lines } from "./plain-text.js";

type DoctorReport = Extract<Reply, { type: "doctor-report" }>;

const isProblem = (check: DoctorCheckView) => check.status === "missing" || check.status === "failing";

function summary(reply: DoctorReport): string {
  const problems = reply.checks.filter(isProblem).length;
  const checks = `${reply.checks.length} ${reply.checks.length === 1 ? "check" : "checks"}`;
  if (reply.ok) return `Everything configured works (${checks}).`;
  return `${problems} ${problems === 1 ? "problem" : "problems"} found in ${checks}; each lists the steps that fix it.`;
}

function problemItems(check: DoctorCheckView): CardElement[] {
  return [
    plain(`${check.status.toUpperCase()}: ${check.title} (${check.area})`, { color: "Attention", bold: true }),
    plain(check.detail),
    ...(check.fix ?? []).map((step, index) => plain(`${index + 1}. ${step}`, { subtle: true })),
  ];
}

function quietItem(check: DoctorCheckView): CardElement {
  return plain(`${check.status}: ${check.title}: ${check.detail}`, { subtle: check.status !== "ok", ...(check.status === "ok" && { color: "Good" as const }) });
}

/** The card and its plain text. */
export function doctorCard(reply: DoctorReport): { card: ReturnType<typeof card>; text: string } {
  const problems = reply.checks.filter(isProblem);
  const quiet = reply.checks.filter((check) => !isProblem(check));
  const notes = reply.checks.flatMap((check) => check.notes ?? []);
  const body: CardElement[] = [
    heading("Configuration doctor"),
    plain(summary(reply), { color: reply.ok ? "Good" : "Attention", bold: true }),
    ...problems.map((check, index) => container(problemItems(check), { separator: index > 0, style: "attention" })),
    ...(quiet.length > 0 ? [container(quiet.map(quietItem), { separator: true })] : []),
    ...(notes.length > 0 ? [container(notes.map((text) => plain(`Note: ${text}`, { subtle: true })), { separator: true })] : []),
  ];
  const text = lines(summary(reply), ...problems.map((check) => lines(`${check.status.toUpperCase()} ${check.title}: ${check.detail}`, ...(check.fix ?? []).map((step, i) => `  ${i + 1}. ${step}`))));
  return { card: card(body, { fallbackText: escapeMarkdown(text) }), text };
}
