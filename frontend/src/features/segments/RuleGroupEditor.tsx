/** A group of the rule builder: "all of" / "any of" its conditions and nested groups, each
 * joined to the one before by "and" / "or", with buttons to add a condition or a group and to
 * remove the group (not the outermost one). Nested groups are drawn inside, indented. */
import { ApartmentOutlined, DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Flex, Segmented, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { ConditionRow } from "./ConditionRow";
import {
  addCondition,
  addGroup,
  type GroupNode,
  MAX_CONDITIONS,
  MAX_DEPTH,
  type Match,
  type NodeError,
  removeNode,
  type SegmentField,
  setMatch,
  updateCondition,
} from "./rules";

const DEPTH_COLORS = ["#1677ff", "#13c2c2", "#722ed1", "#fa8c16"];

export interface BuilderContext {
  fields: readonly SegmentField[];
  fieldMap: ReadonlyMap<string, SegmentField>;
  errors: ReadonlyMap<string, NodeError[]>;
  /** Every change goes through here, as a function of the whole tree. */
  edit: (change: (tree: GroupNode) => GroupNode) => void;
  total: number;
  currency: string;
  disabled?: boolean;
}

export function RuleGroupEditor({
  group,
  depth,
  ctx,
}: {
  group: GroupNode;
  depth: number;
  ctx: BuilderContext;
}) {
  const { t } = useTranslation();
  const root = depth === 1;
  const full = ctx.total >= MAX_CONDITIONS;
  const deepest = depth >= MAX_DEPTH;
  const errors = ctx.errors.get(group.id) ?? [];
  const joiner = group.match === "all" ? t("segments.builder.joinAll") : t("segments.builder.joinAny");
  return (
    <Flex
      vertical
      gap={12}
      data-testid="rule-group"
      data-id={group.id}
      data-depth={depth}
      data-match={group.match}
      style={
        root
          ? undefined
          : {
              borderLeft: `3px solid ${DEPTH_COLORS[(depth - 1) % DEPTH_COLORS.length]}`,
              background: "rgba(0, 0, 0, 0.02)",
              borderRadius: 6,
              padding: "12px 12px 12px 16px",
            }
      }
    >
      <Flex align="center" gap={8} wrap>
        <Typography.Text>{t("segments.builder.matchPrefix")}</Typography.Text>
        <Segmented<Match>
          value={group.match}
          onChange={(match) => ctx.edit((tree) => setMatch(tree, group.id, match))}
          options={[
            { value: "all", label: t("segments.builder.all") },
            { value: "any", label: t("segments.builder.any") },
          ]}
          disabled={ctx.disabled}
          aria-label={t("segments.builder.matchLabel")}
          data-testid="rule-match"
        />
        <Typography.Text>{t("segments.builder.matchSuffix")}</Typography.Text>
        {root || ctx.disabled ? null : (
          <Button
            type="text"
            icon={<DeleteOutlined />}
            onClick={() => ctx.edit((tree) => removeNode(tree, group.id))}
            aria-label={t("segments.builder.removeGroup")}
            title={t("segments.builder.removeGroup")}
            data-testid="rule-remove-group"
            style={{ marginLeft: "auto" }}
          />
        )}
      </Flex>
      {group.conditions.map((child, index) => (
        <Flex key={child.id} gap={8} align="flex-start">
          <Typography.Text type="secondary" style={{ width: 32, flex: "none", paddingTop: 5 }}>
            {index === 0 ? "" : joiner}
          </Typography.Text>
          <div style={{ flex: 1, minWidth: 0 }}>
            {child.type === "group" ? (
              <RuleGroupEditor group={child} depth={depth + 1} ctx={ctx} />
            ) : (
              <ConditionRow
                node={child}
                fields={ctx.fields}
                fieldMap={ctx.fieldMap}
                errors={ctx.errors.get(child.id) ?? []}
                onChange={(change) => ctx.edit((tree) => updateCondition(tree, child.id, change))}
                onRemove={() => ctx.edit((tree) => removeNode(tree, child.id))}
                currency={ctx.currency}
                disabled={ctx.disabled}
              />
            )}
          </div>
        </Flex>
      ))}
      {errors.map((e) => (
        <Typography.Text
          key={`${e.slot}:${e.message}`}
          type="danger"
          data-testid="rule-error"
          data-slot={e.slot}
        >
          {e.message}
        </Typography.Text>
      ))}
      {ctx.disabled ? null : (
        <Flex gap={8} wrap style={{ paddingLeft: 40 }}>
          <Tooltip title={full ? t("segments.builder.maxConditions") : undefined}>
            <Button
              icon={<PlusOutlined />}
              size="small"
              disabled={full}
              onClick={() => ctx.edit((tree) => addCondition(tree, group.id))}
              data-testid="rule-add-condition"
              data-depth={depth}
            >
              {t("segments.builder.addCondition")}
            </Button>
          </Tooltip>
          <Tooltip
            title={
              deepest
                ? t("segments.builder.maxDepth")
                : full
                  ? t("segments.builder.maxConditions")
                  : undefined
            }
          >
            <Button
              icon={<ApartmentOutlined />}
              size="small"
              disabled={deepest || full}
              onClick={() => ctx.edit((tree) => addGroup(tree, group.id))}
              data-testid="rule-add-group"
              data-depth={depth}
            >
              {t("segments.builder.addGroup")}
            </Button>
          </Tooltip>
        </Flex>
      )}
    </Flex>
  );
}
