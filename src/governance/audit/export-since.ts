/**
 * The `since` of an audit export: an ISO date (`2026-11-01`), an ISO date
 * and time with its zone (`2026-11-01T08:00:00Z`), or a duration back from
 * now (`30m`, `24h`, `7d`, `2w`). Anything else is refused with a message
 * that shows the accepted forms.
 */
import { ValidationFailed } from "../errors.js";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;
const DURATION = /^(\d{1,6})\s*(m|h|d|w)$/i;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
/** Ten years: older than any trail worth exporting, and safe from Date overflow. */
const MAX_BACK_MS = 3650 * 86_400_000;

export const SINCE_USAGE = "Give `since` as a date (2026-11-01), a date and time with its zone (2026-11-01T08:00:00Z) or a duration such as 30m, 24h, 7d or 2w.";

function refuse(why: string): never {
  throw new ValidationFailed({ since: `${why} ${SINCE_USAGE}` });
}

/** The instant `text` names, or null for no bound (blank); throws ValidationFailed on anything else. */
export function parseSince(text: string | undefined | null, now: Date): Date | null {
  const raw = (text ?? "").trim();
  if (raw === "") return null;
  if (raw.length > 40) refuse("That `since` is too long.");
  const shown = raw.replace(/[^\w:.+-]/g, "?");
  let at: Date;
  const duration = DURATION.exec(raw);
  const date = DATE.exec(raw);
  if (duration !== null) {
    const amount = Number(duration[1]);
    const ms = amount * (UNIT_MS[(duration[2] ?? "").toLowerCase()] ?? NaN);
    if (!(amount > 0) || !(ms <= MAX_BACK_MS)) refuse(`\`${shown}\` is not a duration from 1 minute to 10 years.`);
    at = new Date(now.getTime() - ms);
  } else if (date !== null) {
    at = new Date(`${raw}T00:00:00Z`);
    // Date accepts 2026-02-31 by rolling over; a real calendar date reads back the same.
    if (Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== raw) refuse(`\`${shown}\` is not a calendar date.`);
  } else if (DATE_TIME.test(raw)) {
    at = new Date(raw);
    if (Number.isNaN(at.getTime())) refuse(`\`${shown}\` is not a valid date and time.`);
  } else {
    refuse(`\`${shown}\` is neither a date nor a duration.`);
  }
  if (at.getTime() > now.getTime()) refuse(`\`${shown}\` is in the future.`);
  if (now.getTime() - at.getTime() > MAX_BACK_MS) refuse(`\`${shown}\` is more than 10 years ago.`);
  return at;
}
