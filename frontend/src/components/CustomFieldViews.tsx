/** Custom values shown from the definitions: description items on a record's page, list
 * columns, and filter controls for the filterable fields. */
import { Input, Select } from "antd";
import type { ColumnType } from "antd/es/table";
import { useTranslation } from "react-i18next";
import {
  activeFields,
  type CustomField,
  type CustomFilters,
  type CustomValues,
  fieldLabel,
  formatValue,
  optionLabel,
} from "../lib/customFields";

/** A custom value as text in the reader's language: options by their labels, removed ones marked. */
export function useFormatCustom(): (field: CustomField, value: unknown) => string {
  const { t, i18n } = useTranslation();
  return (field, value) =>
    formatValue(field, value, i18n.language, [t("common.yes"), t("common.no")], (v) =>
      t("customFields.removedOption", { value: v }),
    );
}

/** Description items (label, value) for the fields a record has a value for. */
export function useCustomItems(fields: CustomField[] | undefined, values: CustomValues | undefined) {
  const { i18n } = useTranslation();
  const format = useFormatCustom();
  return activeFields(fields)
    .filter((f) => values?.[f.key] !== undefined)
    .map((f) => ({
      key: `custom-${f.key}`,
      label: fieldLabel(f, i18n.language),
      children: <span data-testid={`custom-value-${f.key}`}>{format(f, values?.[f.key])}</span>,
    }));
}

/** One list column per active field. */
export function useCustomColumns<R extends { custom: CustomValues }>(
  fields: CustomField[] | undefined,
): (ColumnType<R> & { key: string; title: string })[] {
  const { i18n } = useTranslation();
  const format = useFormatCustom();
  return activeFields(fields).map((f) => ({
    key: `cf.${f.key}`,
    title: fieldLabel(f, i18n.language),
    responsive: ["md"],
    render: (_: unknown, record: R) => format(f, record.custom[f.key]),
  }));
}

/** Filter controls for the filterable fields; a blank control removes its filter. */
export function CustomFieldFilters({
  fields,
  value,
  onChange,
}: {
  fields: CustomField[] | undefined;
  value: CustomFilters | undefined;
  onChange: (next: CustomFilters | undefined) => void;
}) {
  const { t, i18n } = useTranslation();
  const set = (key: string, v: string | undefined) => {
    const next = { ...(value ?? {}) };
    if (v === undefined || v === "") delete next[key];
    else next[key] = v;
    onChange(Object.keys(next).length ? next : undefined);
  };
  return (
    <>
      {activeFields(fields)
        .filter((f) => f.filterable)
        .map((f) => {
          const preparing = f.filter_state === "preparing";
          const label = fieldLabel(f, i18n.language);
          // Until its records are indexed the server refuses the filter (409): shown, not usable.
          const shown = preparing ? `${label} (${t("customFields.filterPreparing")})` : label;
          const common = {
            "aria-label": shown,
            "data-testid": `cf-filter-${f.key}`,
            disabled: preparing,
            title: preparing ? t("customFields.filterPreparingHelp") : undefined,
          };
          if (f.type === "select" || f.type === "multiselect" || f.type === "boolean") {
            const options =
              f.type === "boolean"
                ? [
                    { value: "true", label: t("common.yes") },
                    { value: "false", label: t("common.no") },
                  ]
                : f.options.map((o) => ({ value: o.value, label: optionLabel(o, i18n.language) }));
            return (
              <Select
                key={f.key}
                {...common}
                placeholder={shown}
                allowClear
                value={value?.[f.key]}
                onChange={(v: string | undefined) => set(f.key, v)}
                options={options}
                style={{ width: 160 }}
              />
            );
          }
          return (
            <Input
              key={`${f.key}:${value?.[f.key] ?? ""}`}
              {...common}
              placeholder={f.type === "date" && !preparing ? `${label} (YYYY-MM-DD)` : shown}
              allowClear
              defaultValue={value?.[f.key]}
              onPressEnter={(e) => set(f.key, e.currentTarget.value.trim())}
              onChange={(e) => {
                if (!e.target.value) set(f.key, undefined);
              }}
              style={{ width: 160 }}
            />
          );
        })}
    </>
  );
}
