/**
 * Slack's documented limits (block kit reference, views and chat.postMessage),
 * checked as Slack does, so a message or view Slack would refuse fails in the
 * fake Slack Web API (`./slack-web-api.ts`) and in the renderers' tests too.
 */
const textOf = (value: unknown): string | undefined => (typeof value === "object" && value !== null ? ((value as { text?: unknown }).text as string | undefined) : undefined);

function elementProblems(element: Record<string, unknown>, where: string): string[] {
  const problems: string[] = [];
  const text = textOf(element.text);
  if (element.type === "button") {
    if (typeof text !== "string" || text.length === 0 || text.length > 75) problems.push(`${where}: button text must be 1-75 characters`);
    if (typeof element.value === "string" && element.value.length > 2000) problems.push(`${where}: button value over 2000 characters`);
    if (typeof element.url === "string" && element.url.length > 3000) problems.push(`${where}: button url over 3000 characters`);
  }
  if (typeof element.action_id === "string" && element.action_id.length > 255) problems.push(`${where}: action_id over 255 characters`);
  if (element.type === "plain_text_input") {
    const max = typeof element.max_length === "number" ? element.max_length : 3000;
    if (max > 3000) problems.push(`${where}: max_length over 3000`);
    if (typeof element.initial_value === "string" && element.initial_value.length > max) problems.push(`${where}: initial_value longer than max_length`);
  }
  return problems;
}

function blockProblems(blocks: unknown[], surface: "message" | "modal"): string[] {
  const problems: string[] = [];
  const max = surface === "message" ? 50 : 100;
  if (blocks.length > max) problems.push(`${blocks.length} blocks; a ${surface} takes at most ${max}`);
  const ids = new Set<string>();
  blocks.forEach((raw, i) => {
    const block = raw as Record<string, unknown>;
    const where = `blocks[${i}] (${String(block.type)})`;
    if (typeof block.block_id === "string") {
      if (block.block_id.length > 255) problems.push(`${where}: block_id over 255 characters`);
      if (ids.has(block.block_id)) problems.push(`${where}: duplicate block_id ${block.block_id}`);
      ids.add(block.block_id);
    }
    const text = textOf(block.text);
    if (block.type === "section") {
      const fields = block.fields as unknown[] | undefined;
      if (text === undefined && fields === undefined) problems.push(`${where}: a section needs text or fields`);
      if (text !== undefined && (text.length === 0 || text.length > 3000)) problems.push(`${where}: section text must be 1-3000 characters`);
      if (fields !== undefined && (fields.length > 10 || fields.some((f) => (textOf(f) ?? "").length > 2000))) problems.push(`${where}: at most 10 fields of 2000 characters`);
      if (block.accessory !== undefined) problems.push(...elementProblems(block.accessory as Record<string, unknown>, `${where}.accessory`));
    }
    if (block.type === "header" && (text === undefined || text.length === 0 || text.length > 150)) problems.push(`${where}: header text must be 1-150 characters`);
    if (block.type === "context") {
      const elements = (block.elements as unknown[] | undefined) ?? [];
      if (elements.length === 0 || elements.length > 10) problems.push(`${where}: a context takes 1-10 elements`);
      if (elements.some((e) => (textOf(e) ?? "x").length === 0 || (textOf(e) ?? "").length > 3000)) problems.push(`${where}: context text must be 1-3000 characters`);
    }
    if (block.type === "actions") {
      const elements = (block.elements as Record<string, unknown>[] | undefined) ?? [];
      if (elements.length === 0 || elements.length > 25) problems.push(`${where}: an actions block takes 1-25 elements`);
      elements.forEach((e, j) => problems.push(...elementProblems(e, `${where}.elements[${j}]`)));
    }
    if (block.type === "input") {
      if (surface !== "modal") problems.push(`${where}: input blocks belong in modals`);
      if ((textOf(block.label) ?? "").length === 0 || (textOf(block.label) ?? "").length > 2000) problems.push(`${where}: label must be 1-2000 characters`);
      if (block.element !== undefined) problems.push(...elementProblems(block.element as Record<string, unknown>, `${where}.element`));
    }
  });
  return problems;
}

export function messageLimitProblems(args: Record<string, unknown>): string[] {
  const blocks = args.blocks;
  if (blocks === undefined) return typeof args.text === "string" && args.text !== "" ? [] : ["a message needs text or blocks"];
  if (!Array.isArray(blocks)) return ["blocks must be an array"];
  if (blocks.length === 0) return ["blocks must not be empty"];
  return blockProblems(blocks, "message");
}

export function viewLimitProblems(raw: unknown): string[] {
  const view = raw as Record<string, unknown> | undefined;
  if (typeof view !== "object" || view === null) return ["view must be an object"];
  const problems: string[] = [];
  const title = textOf(view.title);
  if (title === undefined || title.length === 0 || title.length > 24) problems.push("view title must be 1-24 characters");
  for (const key of ["submit", "close"] as const) {
    const text = textOf(view[key]);
    if (view[key] !== undefined && (text === undefined || text.length === 0 || text.length > 24)) problems.push(`view ${key} must be 1-24 characters`);
  }
  if (typeof view.private_metadata === "string" && view.private_metadata.length > 3000) problems.push("private_metadata over 3000 characters");
  if (typeof view.callback_id === "string" && view.callback_id.length > 255) problems.push("callback_id over 255 characters");
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  if (blocks.some((b) => (b as { type?: unknown }).type === "input") && view.submit === undefined) problems.push("a view with inputs needs a submit button");
  return [...problems, ...blockProblems(blocks, "modal")];
}
