/**
 * The launch form as an Adaptive Card, in two flavours: inside a task
 * module (message extension; `Action.Submit`) and inline in the
 * conversation (after `@bot sar ...`; `Action.Execute`). Errors from the
 * core are shown under their fields. A target given as an @mention rides
 * along in the action data, so the core gets the Teams user, not a name.
 */
import type { LaunchFormValues } from "../../../governance/replies.js";
import { LAUNCH_VERBS, TASK_SUBMIT_ACTION } from "../verbs.js";
import { card, execute, heading, note, numberInput, plain, submit, textInput, type AdaptiveCard, type CardElement } from "./card-kit.js";

/** A Teams user named by an @mention, carried with the form. */
export interface MentionedUser {
  id: string;
  name: string;
}

export interface LaunchFormCardOptions {
  flavour: "task-module" | "inline";
  /** Set when the target came from an @mention; the target field then shows its name. */
  mention?: MentionedUser;
  errors?: Record<string, string>;
}

/** Form field ids, also the keys of the submitted data. */
export const FORM_FIELDS = {
  target: "target",
  reviewers: "reviewers",
  durationDays: "durationDays",
  reason: "reason",
  incidentRef: "incidentRef",
} as const;

const LIMITS = { durationDays: { min: 1, max: 180 }, reason: 1000, incidentRef: 100 };

function errorFor(errors: Record<string, string> | undefined, field: string): CardElement[] {
  const message = errors?.[field];
  return message ? [plain(message, { color: "Attention" })] : [];
}

/** The form with `values` filled in. */
export function launchFormCard(values: LaunchFormValues, options: LaunchFormCardOptions): AdaptiveCard {
  const { errors } = options;
  const known = new Set<string>(Object.values(FORM_FIELDS));
  const other = Object.entries(errors ?? {}).filter(([field]) => !known.has(field));
  const targetValue = options.mention ? `@${options.mention.name}` : values.target;
  const body: CardElement[] = [
    heading("Start a security access review"),
    note("Okta sends the reviewers a snapshot of everything the user can reach; they can revoke access item by item.", { subtle: true }),
    ...other.map(([, message]) => plain(message, { color: "Attention" })),
    textInput({
      id: FORM_FIELDS.target,
      label: "User to review",
      placeholder: "email, Okta login or 00u… id",
      required: true,
      maxLength: 254,
      ...(targetValue !== undefined && { value: targetValue }),
    }),
    ...errorFor(errors, FORM_FIELDS.target),
    textInput({
      id: FORM_FIELDS.reviewers,
      label: "Reviewers (Okta logins or emails, comma separated)",
      value: values.reviewers.join(", "),
      required: true,
      maxLength: 3000,
    }),
    ...errorFor(errors, FORM_FIELDS.reviewers),
    numberInput({ id: FORM_FIELDS.durationDays, label: "Review duration (days)", value: values.durationDays, ...LIMITS.durationDays }),
    ...errorFor(errors, FORM_FIELDS.durationDays),
    textInput({
      id: FORM_FIELDS.reason,
      label: "Reason",
      placeholder: "What happened: alert, ticket, what you saw",
      multiline: true,
      required: true,
      maxLength: LIMITS.reason,
      ...(values.reason !== undefined && { value: values.reason }),
    }),
    ...errorFor(errors, FORM_FIELDS.reason),
    textInput({
      id: FORM_FIELDS.incidentRef,
      label: "Incident reference (optional)",
      placeholder: "INC-4711",
      maxLength: LIMITS.incidentRef,
      ...(values.incidentRef !== undefined && { value: values.incidentRef }),
    }),
    ...errorFor(errors, FORM_FIELDS.incidentRef),
  ];
  const data = { ...(options.mention && { mention: { id: options.mention.id, name: options.mention.name } }) };
  const action =
    options.flavour === "task-module"
      ? submit("Submit", { action: TASK_SUBMIT_ACTION, ...data })
      : execute("Submit", LAUNCH_VERBS.submit, data, { style: "positive" });
  return card(body, { actions: [action], fallbackText: "Start a security access review: this client cannot show the form." });
}
