/** The value of one condition, edited as its field's kind and its operator want: choices of an
 * enum, free tags, stores, regions, products or categories, numbers and amounts (two for a
 * between), dates (a range for a between), a number of days, yes/no, months, or text. */
import { DatePicker, Input, InputNumber, Radio, Select, Space } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { currencySymbol } from "../../lib/format";
import { localLabel, monthName } from "./labels";
import { CategorySelect, PlaceSelect, ProductMultiSelect } from "./RefSelects";
import {
  type DraftItem,
  type DraftValue,
  MAX_DAYS,
  type Operator,
  type SegmentField,
  valueShape,
} from "./rules";

const DAY_FORMAT = "YYYY-MM-DD";

function asList(value: DraftValue): (string | number)[] {
  return Array.isArray(value) ? value.filter((v): v is string | number => v !== null) : [];
}

function asPair(value: DraftValue): [DraftItem, DraftItem] {
  return Array.isArray(value) ? [value[0] ?? null, value[1] ?? null] : [null, null];
}

function asText(value: DraftValue): string | null {
  return typeof value === "string" ? value : null;
}

function asNumber(value: DraftValue): number | null {
  return typeof value === "number" ? value : null;
}

export interface ValueEditorProps {
  field: SegmentField;
  operator: Operator;
  value: DraftValue;
  onChange: (value: DraftValue) => void;
  invalid: boolean;
  disabled?: boolean;
  currency: string;
}

function NumberRange(props: ValueEditorProps & { precision: number; decimal: boolean }) {
  const { t } = useTranslation();
  const [low, high] = asPair(props.value);
  const set = (index: 0 | 1, v: string | number | null) => {
    const next: DraftItem[] = [low, high];
    next[index] = v === "" ? null : v;
    props.onChange(next);
  };
  return (
    <Space.Compact style={{ width: "100%" }}>
      <NumberInput {...props} value={low} onChange={(v) => set(0, v)} label={t("segments.builder.low")} />
      <Space.Addon>{t("segments.builder.and")}</Space.Addon>
      <NumberInput {...props} value={high} onChange={(v) => set(1, v)} label={t("segments.builder.high")} />
    </Space.Compact>
  );
}

/** A whole number (InputNumber) or a decimal kept as the string typed (stringMode, no float). */
function NumberInput({
  field,
  value,
  onChange,
  invalid,
  disabled,
  currency,
  precision,
  decimal,
  label,
}: Omit<ValueEditorProps, "value" | "onChange"> & {
  value: DraftValue;
  onChange: (v: string | number | null) => void;
  precision: number;
  decimal: boolean;
  label: string;
}) {
  const { i18n } = useTranslation();
  const common = {
    status: invalid ? ("error" as const) : undefined,
    disabled,
    "aria-label": label,
    "data-testid": "rule-value",
    style: { width: "100%", minWidth: 100 },
  };
  if (decimal) {
    return (
      <InputNumber<string>
        {...common}
        stringMode
        precision={precision}
        prefix={field.kind === "money" ? currencySymbol(currency, i18n.language) : undefined}
        value={typeof value === "string" || typeof value === "number" ? String(value) : null}
        onChange={(v) => onChange(v)}
      />
    );
  }
  return (
    <InputNumber<number>
      {...common}
      precision={0}
      min={field.minimum ?? undefined}
      max={field.maximum ?? undefined}
      value={asNumber(value)}
      onChange={(v) => onChange(v)}
    />
  );
}

function DateEditor({ operator, value, onChange, invalid, disabled }: ValueEditorProps) {
  const { t } = useTranslation();
  const common = {
    status: invalid ? ("error" as const) : undefined,
    disabled,
    "aria-label": t("segments.builder.value"),
    "data-testid": "rule-value",
  };
  if (operator === "between") {
    const [low, high] = asPair(value);
    return (
      <DatePicker.RangePicker
        {...common}
        value={[low ? dayjs(String(low)) : null, high ? dayjs(String(high)) : null]}
        allowEmpty={[true, true]}
        onChange={(range) =>
          onChange([range?.[0]?.format(DAY_FORMAT) ?? null, range?.[1]?.format(DAY_FORMAT) ?? null])
        }
      />
    );
  }
  const day = asText(value);
  return (
    <DatePicker
      {...common}
      value={day ? dayjs(day) : null}
      onChange={(d) => onChange(d ? d.format(DAY_FORMAT) : null)}
    />
  );
}

export function ValueEditor(props: ValueEditorProps) {
  const { t, i18n } = useTranslation();
  const { field, operator, value, onChange, invalid, disabled } = props;
  const shape = valueShape(operator);
  if (shape === "none") return null;
  const status = invalid ? ("error" as const) : undefined;
  const common = { status, disabled, "aria-label": t("segments.builder.value"), "data-testid": "rule-value" };

  if (shape === "days") {
    return (
      <Space.Compact>
        <InputNumber<number>
          {...common}
          min={1}
          max={MAX_DAYS}
          precision={0}
          value={asNumber(value)}
          onChange={(v) => onChange(v)}
          style={{ width: 110 }}
        />
        <Space.Addon>{t("segments.builder.days")}</Space.Addon>
      </Space.Compact>
    );
  }
  if (field.kind === "date") return <DateEditor {...props} />;
  if (field.kind === "number" || field.kind === "money" || field.kind === "decimal") {
    const decimal = field.kind !== "number";
    const precision = field.kind === "money" ? 2 : field.kind === "decimal" ? 6 : 0;
    if (shape === "range") return <NumberRange {...props} precision={precision} decimal={decimal} />;
    return (
      <NumberInput
        {...props}
        precision={precision}
        decimal={decimal}
        label={t("segments.builder.value")}
        onChange={onChange}
      />
    );
  }
  if (field.kind === "boolean") {
    return (
      <Radio.Group
        optionType="button"
        value={typeof value === "boolean" ? value : undefined}
        onChange={(e) => onChange(e.target.value === true)}
        options={[
          { value: true, label: t("common.yes") },
          { value: false, label: t("common.no") },
        ]}
        disabled={disabled}
        aria-label={t("segments.builder.value")}
        data-testid="rule-value"
      />
    );
  }
  if (field.kind === "text") {
    return (
      <Input
        {...common}
        value={asText(value) ?? ""}
        maxLength={200}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  if (field.kind === "ref") {
    if (field.ref === "product") return <ProductMultiSelect {...props} />;
    if (field.ref === "category") return <CategorySelect {...props} />;
    return <PlaceSelect {...props} />;
  }
  // enum, tags and months: one or more of a list (free words for tags without fixed options)
  const free = field.kind === "tags" && field.options.length === 0;
  const options =
    field.kind === "month"
      ? Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: monthName(i + 1, i18n.language) }))
      : field.options.map((o) => ({ value: o.value, label: localLabel(o, i18n.language) }));
  return (
    <Select<(string | number)[]>
      {...common}
      mode={free ? "tags" : "multiple"}
      value={asList(value)}
      onChange={onChange}
      options={free ? [] : options}
      tokenSeparators={free ? [",", "，"] : undefined}
      showSearch={free ? undefined : { optionFilterProp: "label" }}
      placeholder={free ? t("segments.builder.tagsPlaceholder") : t("segments.builder.chooseValues")}
      style={{ width: "100%" }}
    />
  );
}
