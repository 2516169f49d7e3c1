/** One condition of the builder: the field (grouped, in the UI language), its operators, the
 * value editor they call for, the window of days for fields measured over one, and what is wrong
 * with it (said by the server or found before sending). */
import { DeleteOutlined } from "@ant-design/icons";
import { Button, Flex, InputNumber, Select, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { groupFields, localLabel, operatorKey } from "./labels";
import {
  type ConditionNode,
  MAX_DAYS,
  type NodeError,
  type Operator,
  type SegmentField,
  type Slot,
  withField,
  withOperator,
} from "./rules";
import { ValueEditor } from "./ValueEditor";

export interface ConditionRowProps {
  node: ConditionNode;
  fields: readonly SegmentField[];
  fieldMap: ReadonlyMap<string, SegmentField>;
  errors: readonly NodeError[];
  onChange: (change: (node: ConditionNode) => ConditionNode) => void;
  onRemove: () => void;
  currency: string;
  disabled?: boolean;
}

function FieldPicker({ node, fields, fieldMap, errors, onChange, disabled }: ConditionRowProps) {
  const { t, i18n } = useTranslation();
  const invalid = errors.some((e) => e.slot === "field");
  return (
    <Select<string>
      value={node.field ?? undefined}
      onChange={(key) => {
        const field = fieldMap.get(key);
        if (field) onChange((n) => withField(n, field));
      }}
      options={groupFields(fields).map(([group, list]) => ({
        label: t(`segments.groups.${group}`),
        title: t(`segments.groups.${group}`),
        options: list.map((f) => ({ value: f.key, label: localLabel(f, i18n.language) })),
      }))}
      showSearch={{ optionFilterProp: "label" }}
      placeholder={t("segments.builder.chooseField")}
      status={invalid ? "error" : undefined}
      disabled={disabled}
      aria-label={t("segments.builder.field")}
      data-testid="rule-field"
      popupMatchSelectWidth={false}
      style={{ width: 168 }}
    />
  );
}

/** "in the last [N] days" for a windowed field; empty means ever. */
function WindowInput({ node, onChange, errors, disabled }: ConditionRowProps) {
  const { t } = useTranslation();
  return (
    <Space.Compact>
      <Space.Addon>{t("segments.builder.windowPrefix")}</Space.Addon>
      <InputNumber<number>
        min={1}
        max={MAX_DAYS}
        precision={0}
        value={node.days}
        onChange={(days) => onChange((n) => ({ ...n, days: days ?? null }))}
        placeholder={t("segments.builder.windowEver")}
        status={errors.some((e) => e.slot === "days") ? "error" : undefined}
        disabled={disabled}
        aria-label={t("segments.builder.windowLabel")}
        data-testid="rule-days"
        style={{ width: 80 }}
      />
      <Space.Addon>{t("segments.builder.days")}</Space.Addon>
    </Space.Compact>
  );
}

const SLOT_ORDER: Slot[] = ["field", "operator", "value", "days", "node", "conditions"];

export function ConditionRow(props: ConditionRowProps) {
  const { t } = useTranslation();
  const { node, fieldMap, errors, onChange, onRemove, currency, disabled } = props;
  const field = node.field ? fieldMap.get(node.field) : undefined;
  const has = (slot: Slot) => errors.some((e) => e.slot === slot);
  const sorted = [...errors].sort((a, b) => SLOT_ORDER.indexOf(a.slot) - SLOT_ORDER.indexOf(b.slot));
  return (
    <Flex vertical gap={4} data-testid="rule-condition" data-id={node.id} data-field={node.field ?? ""}>
      <Flex gap={8} align="flex-start">
        <Flex wrap gap={8} align="center" style={{ flex: 1, minWidth: 0 }}>
          <FieldPicker {...props} />
          {field ? (
            <Select<Operator>
              value={node.operator ?? undefined}
              onChange={(op) => onChange((n) => withOperator(n, field, op))}
              options={field.operators.map((op) => ({ value: op, label: t(operatorKey(field.kind, op)) }))}
              status={has("operator") ? "error" : undefined}
              disabled={disabled}
              aria-label={t("segments.builder.operator")}
              data-testid="rule-operator"
              popupMatchSelectWidth={false}
              style={{ width: 140 }}
            />
          ) : null}
          {field && node.operator ? (
            <div style={{ flex: "1 1 200px", minWidth: 0, maxWidth: 440 }}>
              <ValueEditor
                field={field}
                operator={node.operator}
                value={node.value}
                onChange={(value) => onChange((n) => ({ ...n, value }))}
                invalid={has("value")}
                disabled={disabled}
                currency={currency}
              />
            </div>
          ) : null}
          {field?.windowed ? <WindowInput {...props} /> : null}
        </Flex>
        {disabled ? null : (
          <Button
            type="text"
            icon={<DeleteOutlined />}
            onClick={onRemove}
            aria-label={t("segments.builder.removeCondition")}
            title={t("segments.builder.removeCondition")}
            data-testid="rule-remove"
          />
        )}
      </Flex>
      {sorted.map((e) => (
        <Typography.Text
          key={`${e.slot}:${e.message}`}
          type="danger"
          data-testid="rule-error"
          data-slot={e.slot}
        >
          {e.message}
        </Typography.Text>
      ))}
    </Flex>
  );
}
