import { describe, expect, it } from "vitest";
import {
  addCondition,
  addGroup,
  buildRules,
  type ConditionNode,
  coerceValue,
  conditionCount,
  defaultValue,
  emptyGroup,
  errorsByNode,
  findNode,
  fromRules,
  type GroupNode,
  placeErrors,
  type RuleGroup,
  removeNode,
  type SegmentField,
  setMatch,
  updateCondition,
  valueShape,
  withField,
  withOperator,
} from "./rules";

function field(key: string, kind: SegmentField["kind"], operators: SegmentField["operators"], extra = {}) {
  const f: SegmentField = {
    key,
    group: "attribute",
    kind,
    label_zh: key,
    label_en: key,
    operators,
    options: [],
    ref: null,
    windowed: false,
    minimum: null,
    maximum: null,
    ...extra,
  };
  return f;
}

const FIELDS = new Map(
  [
    field("gender", "enum", ["in", "not_in"]),
    field("tags", "tags", ["any_of", "all_of", "none_of"]),
    field("lifecycle_stage", "enum", ["in", "not_in"]),
    field("spend", "money", ["gte", "lte", "between"], { group: "behaviour", windowed: true }),
    field("age", "number", ["eq", "gte", "between"], { minimum: 0, maximum: 130 }),
    field("birthday_month", "month", ["in", "not_in", "in_current_month"]),
    field("created_at", "date", ["before", "after", "between", "in_last_days"]),
    field("email_consent", "boolean", ["eq"]),
    field("custom.ratio", "decimal", ["gte", "between", "is_set"]),
  ].map((f) => [f.key, f]),
);

/** gender = female AND (tag VIP OR stage vip), as the API writes it. */
const NESTED: RuleGroup = {
  type: "group",
  match: "all",
  conditions: [
    { type: "condition", field: "gender", operator: "in", value: ["female"] },
    {
      type: "group",
      match: "any",
      conditions: [
        { type: "condition", field: "tags", operator: "any_of", value: ["VIP"] },
        { type: "condition", field: "lifecycle_stage", operator: "in", value: ["vip"] },
      ],
    },
    { type: "condition", field: "spend", operator: "gte", value: "1000", days: 90 },
  ],
};

function cond(tree: GroupNode, ...path: number[]): ConditionNode {
  let node: GroupNode | ConditionNode = tree;
  for (const i of path) {
    if (node.type !== "group") throw new Error("not a group");
    const next: GroupNode | ConditionNode | undefined = node.conditions[i];
    if (!next) throw new Error("no such node");
    node = next;
  }
  if (node.type !== "condition") throw new Error("not a condition");
  return node;
}

function child(tree: GroupNode, index: number): GroupNode {
  const node = tree.conditions[index];
  if (node?.type !== "group") throw new Error("not a group");
  return node;
}

describe("rules tree ⇄ API rules", () => {
  it("round-trips nested rules, days included", () => {
    const tree = fromRules(NESTED);
    expect(buildRules(tree, FIELDS)).toEqual({ rules: NESTED, problems: [] });
  });

  it("gives every node its own id", () => {
    const tree = fromRules(NESTED);
    const ids = [tree.id, cond(tree, 0).id, child(tree, 1).id, cond(tree, 1, 0).id, cond(tree, 1, 1).id];
    expect(new Set(ids).size).toBe(ids.length);
    expect(findNode(tree, cond(tree, 1, 1).id)).toEqual(cond(tree, 1, 1));
  });

  it("leaves out days for a field that is not windowed, and the value of is_set", () => {
    const tree = fromRules({
      type: "group",
      match: "all",
      conditions: [
        { type: "condition", field: "age", operator: "gte", value: 30, days: 7 },
        { type: "condition", field: "custom.ratio", operator: "is_set" },
      ],
    });
    expect(buildRules(tree, FIELDS).rules?.conditions).toEqual([
      { type: "condition", field: "age", operator: "gte", value: 30 },
      { type: "condition", field: "custom.ratio", operator: "is_set" },
    ]);
  });

  it("names what is missing instead of sending it", () => {
    let tree = emptyGroup("all");
    const first = cond(tree, 0);
    tree = addCondition(tree, tree.id);
    tree = addGroup(tree, tree.id);
    const nested = child(tree, 2);
    tree = removeNode(tree, cond(tree, 2, 0).id);
    tree = updateCondition(tree, cond(tree, 1).id, (c) => ({ ...c, field: "archived_field" }));
    const built = buildRules(tree, FIELDS);
    expect(built.rules).toBeNull();
    expect(built.problems).toEqual([
      { nodeId: first.id, problem: "field" },
      { nodeId: cond(tree, 1).id, problem: "unknownField" },
      { nodeId: nested.id, problem: "emptyGroup" },
    ]);
  });

  it("asks for a value until the operator has one", () => {
    const spend = FIELDS.get("spend");
    if (!spend) throw new Error("fixture");
    let tree = emptyGroup("all");
    const id = cond(tree, 0).id;
    tree = updateCondition(tree, id, (c) => withOperator(withField(c, spend), spend, "between"));
    expect(buildRules(tree, FIELDS).problems).toEqual([{ nodeId: id, problem: "value" }]);
    tree = updateCondition(tree, id, (c) => ({ ...c, value: [100, null] }));
    expect(buildRules(tree, FIELDS).problems).toEqual([{ nodeId: id, problem: "value" }]);
    tree = updateCondition(tree, id, (c) => ({ ...c, value: [100, "250.5"], days: 30 }));
    expect(buildRules(tree, FIELDS).rules?.conditions).toEqual([
      { type: "condition", field: "spend", operator: "between", value: ["100", "250.5"], days: 30 },
    ]);
  });
});

describe("value coercion per kind", () => {
  it("turns what editors hold into what the API takes", () => {
    expect(coerceValue("money", "gte", 1000)).toEqual({ ok: true, value: "1000" });
    expect(coerceValue("money", "gte", " 99.50 ")).toEqual({ ok: true, value: "99.50" });
    expect(coerceValue("decimal", "between", ["0.125", 2])).toEqual({ ok: true, value: ["0.125", "2"] });
    expect(coerceValue("number", "eq", "12")).toEqual({ ok: true, value: 12 });
    expect(coerceValue("month", "in", [3, "12"])).toEqual({ ok: true, value: [3, 12] });
    expect(coerceValue("date", "between", ["2026-01-01", "2026-03-31"])).toEqual({
      ok: true,
      value: ["2026-01-01", "2026-03-31"],
    });
    expect(coerceValue("date", "before", "2026-01-01")).toEqual({ ok: true, value: "2026-01-01" });
    expect(coerceValue("date", "in_last_days", 30)).toEqual({ ok: true, value: 30 });
    expect(coerceValue("boolean", "eq", false)).toEqual({ ok: true, value: false });
    expect(coerceValue("tags", "any_of", [" VIP ", "VIP", "茶"])).toEqual({ ok: true, value: ["VIP", "茶"] });
    expect(coerceValue("text", "eq", "上海")).toEqual({ ok: true, value: "上海" });
    expect(coerceValue("text", "is_set", "ignored")).toEqual({ ok: true, value: null });
  });

  it("takes exactly a field's options where it has them, the empty 'no tier' included", () => {
    const tiers = ["", "gold", "silver"];
    expect(coerceValue("enum", "in", ["", "gold"], tiers)).toEqual({ ok: true, value: ["", "gold"] });
    expect(coerceValue("enum", "in", ["platinum"], tiers)).toEqual({ ok: false });
    expect(coerceValue("tags", "any_of", ["gold"], tiers)).toEqual({ ok: true, value: ["gold"] });
  });

  it("refuses what is not yet a value of the kind", () => {
    expect(coerceValue("number", "eq", 1.5)).toEqual({ ok: false });
    expect(coerceValue("number", "eq", null)).toEqual({ ok: false });
    expect(coerceValue("money", "gte", "1e3")).toEqual({ ok: false });
    expect(coerceValue("money", "gte", 1e21)).toEqual({ ok: false });
    expect(coerceValue("month", "in", [13])).toEqual({ ok: false });
    expect(coerceValue("month", "in", [])).toEqual({ ok: false });
    expect(coerceValue("date", "after", "2026/01/01")).toEqual({ ok: false });
    expect(coerceValue("date", "in_last_days", 0)).toEqual({ ok: false });
    expect(coerceValue("date", "in_last_days", 3651)).toEqual({ ok: false });
    expect(coerceValue("boolean", "eq", "true")).toEqual({ ok: false });
    expect(coerceValue("enum", "in", ["", "  "])).toEqual({ ok: false });
    expect(coerceValue("text", "eq", "   ")).toEqual({ ok: false });
  });

  it("knows each operator's shape and starting value", () => {
    expect(valueShape("in")).toBe("list");
    expect(valueShape("between")).toBe("range");
    expect(valueShape("not_in_last_days")).toBe("days");
    expect(valueShape("in_current_month")).toBe("none");
    expect(valueShape("before")).toBe("scalar");
    expect(defaultValue("enum", "in")).toEqual([]);
    expect(defaultValue("money", "between")).toEqual([null, null]);
    expect(defaultValue("boolean", "eq")).toBe(true);
    expect(defaultValue("number", "gte")).toBeNull();
  });
});

describe("editing the tree", () => {
  const gender = FIELDS.get("gender");
  const spend = FIELDS.get("spend");
  const age = FIELDS.get("age");
  if (!gender || !spend || !age) throw new Error("fixture");

  it("a new field takes its first operator; a new operator keeps a value of the same shape", () => {
    const start = { ...cond(emptyGroup(), 0), days: 30 };
    const picked = withField(start, gender);
    expect(picked).toMatchObject({ field: "gender", operator: "in", value: [], days: null });
    const chosen = { ...picked, value: ["female"] };
    expect(withOperator(chosen, gender, "not_in").value).toEqual(["female"]);
    const windowed = withField(start, spend);
    expect(windowed.days).toBe(30);
    const aged = { ...withField(start, age), value: 30 };
    expect(withOperator(aged, age, "between").value).toEqual([null, null]);
  });

  it("nests the other match than the parent's, and counts conditions at every depth", () => {
    let tree = emptyGroup("all");
    tree = addGroup(tree, tree.id);
    const nested = child(tree, 1);
    expect(nested.match).toBe("any");
    tree = addGroup(tree, nested.id);
    expect(child(child(tree, 1), 1).match).toBe("all");
    tree = addCondition(tree, nested.id);
    expect(conditionCount(tree)).toBe(4);
    tree = setMatch(tree, nested.id, "all");
    expect(child(tree, 1).match).toBe("all");
    tree = removeNode(tree, nested.id);
    expect(conditionCount(tree)).toBe(1);
  });
});

describe("server errors → nodes", () => {
  const tree = fromRules(NESTED);

  it("places a nested condition's error on its slot", () => {
    const { placed, others } = placeErrors(
      [
        { field: "rules.conditions.1.conditions.0.value", message: "必须是包含至少一个值的列表" },
        { field: "rules.conditions.2.days", message: "does not apply to this field" },
        { field: "rules.conditions.0.operator", message: "is not an operator of this field" },
        { field: "name", message: "must not be blank" },
      ],
      tree,
    );
    expect(placed).toEqual([
      { nodeId: cond(tree, 1, 0).id, slot: "value", message: "必须是包含至少一个值的列表" },
      { nodeId: cond(tree, 2).id, slot: "days", message: "does not apply to this field" },
      { nodeId: cond(tree, 0).id, slot: "operator", message: "is not an operator of this field" },
    ]);
    expect(others).toEqual([{ field: "name", message: "must not be blank" }]);
  });

  it("places a group's errors on the group", () => {
    const { placed } = placeErrors(
      [
        { field: "rules.conditions.1.conditions", message: "Expected `array` of length >= 1" },
        { field: "rules", message: "may hold at most 50 conditions in all" },
        { field: "rules.conditions.1.match", message: "Expected `str`" },
      ],
      tree,
    );
    expect(placed).toEqual([
      { nodeId: child(tree, 1).id, slot: "conditions", message: "Expected `array` of length >= 1" },
      { nodeId: tree.id, slot: "node", message: "may hold at most 50 conditions in all" },
      { nodeId: child(tree, 1).id, slot: "node", message: "Expected `str`" },
    ]);
  });

  it("a path past the tree's end lands on the deepest node it reached", () => {
    const { placed } = placeErrors([{ field: "rules.conditions.1.conditions.7.value", message: "x" }], tree);
    expect(placed).toEqual([{ nodeId: child(tree, 1).id, slot: "node", message: "x" }]);
  });

  it("does not take fields that only start like rules", () => {
    const { placed, others } = placeErrors([{ field: "rules_version", message: "x" }], tree);
    expect(placed).toEqual([]);
    expect(others).toHaveLength(1);
  });

  it("groups errors by node", () => {
    const a = { nodeId: "n1", slot: "value" as const, message: "a" };
    const b = { nodeId: "n1", slot: "days" as const, message: "b" };
    const c = { nodeId: "n2", slot: "node" as const, message: "c" };
    expect([...errorsByNode([a, b, c])]).toEqual([
      ["n1", [a, b]],
      ["n2", [c]],
    ]);
  });
});
