/** The doctor's report as a table for people, or JSON for machines. */
import { isProblem, type DoctorCheck, type DoctorReport } from "./types.js";

const pad = (text: string, width: number) => text.padEnd(width);

function label(check: DoctorCheck): string {
  // Problems in capitals, so they stand out in a long list.
  return isProblem(check.status) ? check.status.toUpperCase() : check.status;
}

/** A readable table: one line per check, its fix steps and notes indented beneath. */
export function formatReport(report: DoctorReport): string {
  const statusWidth = Math.max(...report.checks.map((c) => label(c).length), "STATUS".length);
  const areaWidth = Math.max(...report.checks.map((c) => c.area.length), "AREA".length);
  const titleWidth = Math.max(...report.checks.map((c) => c.title.length), "CHECK".length);
  const indent = " ".repeat(statusWidth + areaWidth + 4);
  const lines = [`${pad("STATUS", statusWidth)}  ${pad("AREA", areaWidth)}  ${pad("CHECK", titleWidth)}  DETAIL`];
  for (const check of report.checks) {
    lines.push(`${pad(label(check), statusWidth)}  ${pad(check.area, areaWidth)}  ${pad(check.title, titleWidth)}  ${check.detail}`);
    (check.fix ?? []).forEach((step, index) => lines.push(`${indent}fix ${index + 1}. ${step}`));
    for (const note of check.notes ?? []) lines.push(`${indent}note: ${note}`);
  }
  lines.push("", summary(report));
  return `${lines.join("\n")}\n`;
}

function summary(report: DoctorReport): string {
  const missing = report.checks.filter((c) => c.status === "missing").length;
  const failing = report.checks.filter((c) => c.status === "failing").length;
  if (report.ok) return "Everything configured works.";
  return `${missing + failing} ${missing + failing === 1 ? "problem" : "problems"} (${missing} missing, ${failing} failing); each lists its fix above.`;
}

/** The report as JSON (stable field names: `ok`, `exitCode`, `checks[].id/area/title/status/detail/fix/notes`). */
export function reportJson(report: DoctorReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
