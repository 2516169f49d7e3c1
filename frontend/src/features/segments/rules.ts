/** The rule builder's state and its two-way mapping to the contract's `RuleGroup`: a tree of groups
 * and conditions, each with a stable id (so errors and edits find their node however the tree
 * moves), values coerced to what each field kind takes, and the server's error paths
 * (`rules.conditions.1.conditions.0.value`) placed on the node they name. Pure: no React. */
import type { components } from "../../lib/api/schema";

type Schemas = components["schemas"];
export type RuleGroup = Schemas["RuleGroup"];
export type Condition = Schemas["Condition"];
export type Operator = Schemas["Op"];
export type SegmentField = Schemas["SegmentField"];
export type FieldKind = Schemas["Kind"];
export type FieldGroup = Schemas["Group"];
export type Match = RuleGroup["match"];
export type RuleValue = NonNullable<Condition["value"]>;

/** The server's limits (domain/marketing/schemas.py): groups nest at most 4 deep, 50 conditions in all. */
export const MAX_DEPTH = 4;
export const MAX_CONDITIONS = 50;
export const MAX_DAYS = 3650;

/** What an editor holds while the user works: a between's two ends may be empty. */
export type DraftItem = string | number | null;
export type DraftValue = string | number | boolean | DraftItem[] | null;

export interface ConditionNode {
  id: string;
  type: "condition";
  field: string | null;
  operator: Operator | null;
  value: DraftValue;
  /** The window of a windowed field (the last N days); null: ever. */
  days: number | null;
}

export interface GroupNode {
  id: string;
  type: "group";
  match: Match;
  conditions: RuleNode[];
}

export type RuleNode = ConditionNode | GroupNode;

let sequence = 0;
function nextId(): string {
  sequence += 1;
  return `n${sequence}`;
}

export function emptyCondition(): ConditionNode {
  return { id: nextId(), type: "condition", field: null, operator: null, value: null, days: null };
}

export function emptyGroup(match: Match = "all"): GroupNode {
  return { id: nextId(), type: "group", match, conditions: [emptyCondition()] };
}

// ---- value shapes and coercion -------------------------------------------------------------

const LIST_OPS: ReadonlySet<Operator> = new Set(["in", "not_in", "any_of", "all_of", "none_of"]);
const NO_VALUE: ReadonlySet<Operator> = new Set(["is_set", "is_not_set", "in_current_month"]);
const DAY_COUNT: ReadonlySet<Operator> = new Set(["in_last_days", "not_in_last_days"]);

/** What an operator takes: nothing, a list, a [low, high] pair, a number of days, or one value. */
export type ValueShape = "none" | "list" | "range" | "days" | "scalar";

export function valueShape(operator: Operator): ValueShape {
  if (NO_VALUE.has(operator)) return "none";
  if (DAY_COUNT.has(operator)) return "days";
  if (LIST_OPS.has(operator)) return "list";
  if (operator === "between") return "range";
  // before / after take one date, eq / gt … one value of the field's kind.
  return "scalar";
}

/** The value an editor starts from when a field or an operator is picked. */
export function defaultValue(kind: FieldKind, operator: Operator): DraftValue {
  const shape = valueShape(operator);
  if (shape === "list") return [];
  if (shape === "range") return [null, null];
  if (shape === "scalar" && kind === "boolean") return true;
  return null;
}

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function wholeNumber(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isInteger(v) ? v : undefined;
  if (typeof v === "string" && INTEGER.test(v.trim())) return Number(v.trim());
  return undefined;
}

/** A decimal as the API writes it: a string of digits ("12.50"), never an exponent. */
function decimalString(v: unknown): string | undefined {
  if (typeof v === "number" && Number.isFinite(v)) {
    const text = String(v);
    return DECIMAL.test(text) ? text : undefined;
  }
  if (typeof v === "string" && DECIMAL.test(v.trim())) return v.trim();
  return undefined;
}

/** One value of a field's kind as the API takes it, or undefined while it is not one yet. A field
 * with fixed options takes exactly those (the tier field's "no tier" is the empty string). */
export function coerceItem(
  kind: FieldKind,
  v: unknown,
  options: readonly string[] = [],
): string | number | boolean | undefined {
  if (options.length > 0 && (kind === "enum" || kind === "tags")) {
    return typeof v === "string" && options.includes(v) ? v : undefined;
  }
  switch (kind) {
    case "number":
      return wholeNumber(v);
    case "month": {
      const month = wholeNumber(v);
      return month !== undefined && month >= 1 && month <= 12 ? month : undefined;
    }
    case "money":
    case "decimal":
      return decimalString(v);
    case "date":
      return typeof v === "string" && DAY.test(v) ? v : undefined;
    case "boolean":
      return typeof v === "boolean" ? v : undefined;
    default: {
      // enum, tags, ref, text: a non-blank string
      if (typeof v !== "string") return undefined;
      const text = v.trim();
      return text ? text : undefined;
    }
  }
}

export type Coerced = { ok: true; value: RuleValue | null } | { ok: false };

/** The draft value as the operator takes it (`value` of the condition), or not ready yet. */
export function coerceValue(
  kind: FieldKind,
  operator: Operator,
  draft: DraftValue,
  options: readonly string[] = [],
): Coerced {
  const shape = valueShape(operator);
  if (shape === "none") return { ok: true, value: null };
  if (shape === "days") {
    const days = wholeNumber(draft);
    return days !== undefined && days >= 1 && days <= MAX_DAYS ? { ok: true, value: days } : { ok: false };
  }
  if (shape === "list" || shape === "range") {
    if (!Array.isArray(draft) || draft.length === 0) return { ok: false };
    const items: (string | number)[] = [];
    for (const raw of draft) {
      const item = coerceItem(kind, raw, options);
      if (item === undefined || typeof item === "boolean") return { ok: false };
      if (shape === "range" || !items.includes(item)) items.push(item);
    }
    return shape === "range" && items.length !== 2 ? { ok: false } : { ok: true, value: items };
  }
  const item =
    operator === "before" || operator === "after"
      ? coerceItem("date", draft)
      : coerceItem(kind, draft, options);
  return item === undefined ? { ok: false } : { ok: true, value: item };
}

// ---- editing the tree ------------------------------------------------------------------------

/** A condition pointed at another field: its first operator and that operator's empty value. */
export function withField(node: ConditionNode, field: SegmentField): ConditionNode {
  const operator = field.operators[0] ?? null;
  return {
    ...node,
    field: field.key,
    operator,
    value: operator ? defaultValue(field.kind, operator) : null,
    days: field.windowed ? node.days : null,
  };
}

/** Another operator: the value stays when it takes the same shape (in → not_in keeps the choices). */
export function withOperator(node: ConditionNode, field: SegmentField, operator: Operator): ConditionNode {
  const same = node.operator !== null && valueShape(node.operator) === valueShape(operator);
  return { ...node, operator, value: same ? node.value : defaultValue(field.kind, operator) };
}

function mapNodes(group: GroupNode, fn: (node: RuleNode) => RuleNode): GroupNode {
  const mapped = fn(group);
  if (mapped.type !== "group") return group;
  return {
    ...mapped,
    conditions: mapped.conditions.map((child) => (child.type === "group" ? mapNodes(child, fn) : fn(child))),
  };
}

export function updateCondition(
  tree: GroupNode,
  id: string,
  change: (node: ConditionNode) => ConditionNode,
): GroupNode {
  return mapNodes(tree, (n) => (n.type === "condition" && n.id === id ? change(n) : n));
}

export function setMatch(tree: GroupNode, id: string, match: Match): GroupNode {
  return mapNodes(tree, (n) => (n.type === "group" && n.id === id ? { ...n, match } : n));
}

function appendTo(tree: GroupNode, groupId: string, child: RuleNode): GroupNode {
  return mapNodes(tree, (n) =>
    n.type === "group" && n.id === groupId ? { ...n, conditions: [...n.conditions, child] } : n,
  );
}

export function addCondition(tree: GroupNode, groupId: string): GroupNode {
  return appendTo(tree, groupId, emptyCondition());
}

/** A nested group starts with the other match than its parent's: "all of …, and any of these". */
export function addGroup(tree: GroupNode, groupId: string): GroupNode {
  const parent = findNode(tree, groupId);
  const match: Match = parent?.type === "group" && parent.match === "all" ? "any" : "all";
  return appendTo(tree, groupId, emptyGroup(match));
}

/** Removes a condition or a nested group (the root group stays). */
export function removeNode(tree: GroupNode, id: string): GroupNode {
  return mapNodes(tree, (n) =>
    n.type === "group" ? { ...n, conditions: n.conditions.filter((c) => c.id !== id) } : n,
  );
}

export function findNode(tree: GroupNode, id: string): RuleNode | undefined {
  if (tree.id === id) return tree;
  for (const child of tree.conditions) {
    if (child.id === id) return child;
    if (child.type === "group") {
      const found = findNode(child, id);
      if (found) return found;
    }
  }
  return undefined;
}

export function conditionCount(group: GroupNode): number {
  return group.conditions.reduce((n, c) => n + (c.type === "group" ? conditionCount(c) : 1), 0);
}

// ---- tree ⇄ rules ----------------------------------------------------------------------------

/** The saved rules as a tree the builder edits (every node gets an id). */
export function fromRules(rules: RuleGroup): GroupNode {
  return {
    id: nextId(),
    type: "group",
    match: rules.match,
    conditions: rules.conditions.map(
      (c): RuleNode =>
        c.type === "group"
          ? fromRules(c)
          : {
              id: nextId(),
              type: "condition",
              field: c.field,
              operator: c.operator,
              value: c.value ?? null,
              days: c.days ?? null,
            },
    ),
  };
}

/** Why a node cannot be sent yet (said by the builder in the user's language). */
export type LocalProblem = "field" | "unknownField" | "operator" | "value" | "emptyGroup";

export interface Built {
  /** The rules as the API takes them; null while some node has a problem. */
  rules: RuleGroup | null;
  problems: { nodeId: string; problem: LocalProblem }[];
}

/** The tree as API rules, every value coerced to its field's kind; or what is still missing. */
export function buildRules(tree: GroupNode, fields: ReadonlyMap<string, SegmentField>): Built {
  const problems: Built["problems"] = [];
  const group = (g: GroupNode): RuleGroup => {
    if (g.conditions.length === 0) problems.push({ nodeId: g.id, problem: "emptyGroup" });
    return {
      type: "group",
      match: g.match,
      conditions: g.conditions.map((c) => (c.type === "group" ? group(c) : condition(c))),
    };
  };
  const condition = (c: ConditionNode): Condition => {
    const out: Condition = { type: "condition", field: c.field ?? "", operator: c.operator ?? "eq" };
    const field = c.field ? fields.get(c.field) : undefined;
    if (!c.field) problems.push({ nodeId: c.id, problem: "field" });
    else if (!field) problems.push({ nodeId: c.id, problem: "unknownField" });
    else if (!c.operator || !field.operators.includes(c.operator))
      problems.push({ nodeId: c.id, problem: "operator" });
    else {
      const options = field.options.map((o) => o.value);
      const coerced = coerceValue(field.kind, c.operator, c.value, options);
      if (!coerced.ok) problems.push({ nodeId: c.id, problem: "value" });
      else if (coerced.value !== null) out.value = coerced.value;
      if (field.windowed && c.days !== null) out.days = c.days;
    }
    return out;
  };
  const rules = group(tree);
  return { rules: problems.length === 0 ? rules : null, problems };
}

// ---- server errors → nodes -------------------------------------------------------------------

/** Where on a node an error belongs. */
export type Slot = "field" | "operator" | "value" | "days" | "conditions" | "node";
const CONDITION_SLOTS = ["field", "operator", "value", "days"] as const;

function isConditionSlot(part: string | undefined): part is (typeof CONDITION_SLOTS)[number] {
  return CONDITION_SLOTS.some((slot) => slot === part);
}

export interface NodeError {
  nodeId: string;
  slot: Slot;
  message: string;
}

/**
 * Places each error whose field is `prefix` or under it (`rules.conditions.1.conditions.0.value`)
 * on the node the path walks to; others are handed back. A path past the tree's end (the tree
 * changed since the request) lands on the deepest node it reached.
 */
export function placeErrors(
  errors: readonly { field: string; message: string }[],
  tree: GroupNode,
  prefix = "rules",
): { placed: NodeError[]; others: { field: string; message: string }[] } {
  const placed: NodeError[] = [];
  const others: { field: string; message: string }[] = [];
  for (const e of errors) {
    if (e.field !== prefix && !e.field.startsWith(`${prefix}.`)) {
      others.push(e);
      continue;
    }
    const parts = e.field === prefix ? [] : e.field.slice(prefix.length + 1).split(".");
    let node: RuleNode = tree;
    let i = 0;
    while (node.type === "group" && parts[i] === "conditions" && /^\d+$/.test(parts[i + 1] ?? "")) {
      const child: RuleNode | undefined = node.conditions[Number(parts[i + 1])];
      if (!child) break;
      node = child;
      i += 2;
    }
    const rest = parts[i];
    let slot: Slot = "node";
    if (node.type === "condition" && isConditionSlot(rest)) slot = rest;
    else if (node.type === "group" && rest === "conditions" && parts.length === i + 1) slot = "conditions";
    placed.push({ nodeId: node.id, slot, message: e.message });
  }
  return { placed, others };
}

/** Errors by node, for the builder to show where they belong. */
export function errorsByNode(errors: readonly NodeError[]): Map<string, NodeError[]> {
  const byNode = new Map<string, NodeError[]>();
  for (const e of errors) byNode.set(e.nodeId, [...(byNode.get(e.nodeId) ?? []), e]);
  return byNode;
}
