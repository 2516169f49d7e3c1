/** A business-time duration typed as an amount and a unit (minutes, hours, working days); the
 * form value stays in minutes, as the API counts. */
import { InputNumber, Select, Space } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { bestUnit, DURATION_UNITS, type DurationUnit, fromMinutes, toMinutes } from "./duration";

export function DurationInput({
  value,
  onChange,
  dayMinutes,
  label,
  testId,
}: {
  value?: number;
  onChange?: (minutes: number | undefined) => void;
  dayMinutes: number;
  label: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const [unit, setUnit] = useState<DurationUnit>(() => bestUnit(value ?? 0, dayMinutes));
  const chosen = useRef(false);
  // The saved value arrives after the first render: show it in its own best unit, until the user picks one.
  useEffect(() => {
    if (!chosen.current && value !== undefined) setUnit(bestUnit(value, dayMinutes));
  }, [value, dayMinutes]);
  const units = DURATION_UNITS.filter((u) => u !== "day" || dayMinutes > 0);
  const shown = unit === "day" && dayMinutes <= 0 ? "hour" : unit;
  return (
    <Space.Compact>
      <InputNumber
        min={shown === "minute" ? 1 : 0.01}
        precision={shown === "minute" ? 0 : undefined}
        value={value === undefined ? null : fromMinutes(value, shown, dayMinutes)}
        onChange={(amount) => onChange?.(amount === null ? undefined : toMinutes(amount, shown, dayMinutes))}
        aria-label={label}
        data-testid={testId}
        style={{ width: 100 }}
      />
      <Select<DurationUnit>
        value={shown}
        onChange={(next) => {
          chosen.current = true;
          setUnit(next);
        }}
        options={units.map((u) => ({ value: u, label: t(`duration.unit.${u}`) }))}
        aria-label={`${label} ${t("duration.unitLabel")}`}
        data-testid={`${testId}-unit`}
        style={{ width: 100 }}
      />
    </Space.Compact>
  );
}
