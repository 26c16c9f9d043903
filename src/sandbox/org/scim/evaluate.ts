/**
 * Checks a parsed SCIM filter against what one API accepts (attributes,
 * operators per attribute, value formats) and turns it into a predicate.
 * Each API describes itself with a `FilterSchema`, so users `search`,
 * users `filter`, SARs and requests share one parser and one evaluator.
 */
import { parseFilter } from "./parse.js";
import type { AttributeOperator, FilterNode, FilterValue } from "./parse.js";
import { ScimFilterError } from "./tokenize.js";

export type AttributeType = "string" | "date" | "number" | "boolean";

/** One filterable attribute of records of type `R`. */
export interface AttributeSpec<R> {
  type: AttributeType;
  /** Operators this API allows on the attribute (`pr` included when allowed). */
  operators: readonly AttributeOperator[];
  /** Compare string values without regard to case (Okta's `search`). */
  caseInsensitive?: boolean;
  /** Allowed values (for enums); a value outside it is refused. */
  enum?: readonly string[];
  /** A format the value must have (e.g. an Okta user id). */
  pattern?: RegExp;
  /** The attribute's value on a record; arrays match when any element does. */
  get(record: R): unknown;
}

/** What one API's filter parameter accepts. */
export interface FilterSchema<R> {
  /** The spec of `name`, or undefined when the API does not know the attribute. */
  attribute(name: string): AttributeSpec<R> | undefined;
  /** Whether `not` is accepted (Okta's users `filter` refuses it). */
  allowNot: boolean;
}

export type Predicate<R> = (record: R) => boolean;

/** Parses and checks `source` against `schema`; throws `ScimFilterError` when either fails. */
export function compileFilter<R>(source: string, schema: FilterSchema<R>): Predicate<R> {
  return compileNode(parseFilter(source), schema);
}

/** Turns an already parsed filter into a predicate after checking it against `schema`. */
export function compileNode<R>(node: FilterNode, schema: FilterSchema<R>): Predicate<R> {
  switch (node.kind) {
    case "and": {
      const left = compileNode(node.left, schema);
      const right = compileNode(node.right, schema);
      return (record) => left(record) && right(record);
    }
    case "or": {
      const left = compileNode(node.left, schema);
      const right = compileNode(node.right, schema);
      return (record) => left(record) || right(record);
    }
    case "not": {
      if (!schema.allowNot) throw new ScimFilterError("The 'not' operator is not supported here");
      const operand = compileNode(node.operand, schema);
      return (record) => !operand(record);
    }
    case "present": {
      const spec = attributeSpec(schema, node.attribute, "pr");
      return (record) => valuesOf(spec.get(record)).some((v) => v !== "");
    }
    case "compare":
      return compileComparison(node, schema);
  }
}

function compileComparison<R>(
  node: Extract<FilterNode, { kind: "compare" }>,
  schema: FilterSchema<R>,
): Predicate<R> {
  const spec = attributeSpec(schema, node.attribute, node.op);
  const { op, attribute } = node;
  if (node.value === null) {
    if (op !== "eq" && op !== "ne") throw new ScimFilterError(`'${op}' cannot compare '${attribute}' with null`);
    const wantsMissing = op === "eq";
    return (record) => (valuesOf(spec.get(record)).length === 0) === wantsMissing;
  }
  const expected = checkedValue(spec, attribute, node.value);
  const test = comparator(spec, op, expected);
  // SCIM: `ne` holds when no value equals; every other operator needs one matching value.
  if (op === "ne") return (record) => !valuesOf(spec.get(record)).some(comparator(spec, "eq", expected));
  return (record) => valuesOf(spec.get(record)).some(test);
}

function attributeSpec<R>(schema: FilterSchema<R>, name: string, op: AttributeOperator): AttributeSpec<R> {
  const spec = schema.attribute(name);
  if (!spec) throw new ScimFilterError(`Unsupported filter attribute '${name}'`);
  if (!spec.operators.includes(op)) {
    const allowed = spec.operators.join(", ");
    throw new ScimFilterError(`The '${op}' operator is not supported for '${name}' (supported: ${allowed})`);
  }
  return spec;
}

type Comparable = string | number | boolean;

function checkedValue<R>(spec: AttributeSpec<R>, attribute: string, value: Exclude<FilterValue, null>): Comparable {
  switch (spec.type) {
    case "string": {
      if (typeof value !== "string") throw new ScimFilterError(`'${attribute}' takes a quoted string value`);
      if (spec.enum && !spec.enum.some((allowed) => sameString(spec, allowed, value))) {
        throw new ScimFilterError(`'${value}' is not a valid value for '${attribute}' (one of: ${spec.enum.join(", ")})`);
      }
      if (spec.pattern && !spec.pattern.test(value)) {
        throw new ScimFilterError(`'${value}' is not a valid value for '${attribute}'`);
      }
      return value;
    }
    case "date": {
      const time = typeof value === "string" ? Date.parse(value) : Number.NaN;
      if (Number.isNaN(time)) throw new ScimFilterError(`'${attribute}' takes a quoted ISO 8601 date-time value`);
      return time;
    }
    case "number":
      if (typeof value !== "number") throw new ScimFilterError(`'${attribute}' takes a number value`);
      return value;
    case "boolean":
      if (typeof value !== "boolean") throw new ScimFilterError(`'${attribute}' takes true or false`);
      return value;
  }
}

function comparator<R>(spec: AttributeSpec<R>, op: AttributeOperator, expected: Comparable): (actual: unknown) => boolean {
  return (raw) => {
    const actual = normalise(spec, raw);
    if (actual === undefined) return false;
    const [a, b] =
      typeof actual === "string" && typeof expected === "string" && spec.caseInsensitive
        ? [actual.toLowerCase(), expected.toLowerCase()]
        : [actual, expected];
    switch (op) {
      case "eq":
        return a === b;
      case "ne":
        return a !== b;
      case "co":
        return typeof a === "string" && typeof b === "string" && a.includes(b);
      case "sw":
        return typeof a === "string" && typeof b === "string" && a.startsWith(b);
      case "ew":
        return typeof a === "string" && typeof b === "string" && a.endsWith(b);
      case "gt":
        return typeof a === typeof b && a > b;
      case "ge":
        return typeof a === typeof b && a >= b;
      case "lt":
        return typeof a === typeof b && a < b;
      case "le":
        return typeof a === typeof b && a <= b;
      case "pr":
        return true;
    }
  };
}

/** A record's raw value in the comparable form of the attribute's type, or undefined when it has none. */
function normalise<R>(spec: AttributeSpec<R>, raw: unknown): Comparable | undefined {
  switch (spec.type) {
    case "string":
      return typeof raw === "string" ? raw : undefined;
    case "date": {
      const time = raw instanceof Date ? raw.getTime() : typeof raw === "string" ? Date.parse(raw) : Number.NaN;
      return Number.isNaN(time) ? undefined : time;
    }
    case "number":
      return typeof raw === "number" ? raw : undefined;
    case "boolean":
      return typeof raw === "boolean" ? raw : undefined;
  }
}

function valuesOf(raw: unknown): unknown[] {
  if (raw === undefined || raw === null) return [];
  return Array.isArray(raw) ? raw.filter((v) => v !== undefined && v !== null) : [raw];
}

function sameString<R>(spec: AttributeSpec<R>, a: string, b: string): boolean {
  return spec.caseInsensitive ? a.toLowerCase() === b.toLowerCase() : a === b;
}
