/** A segment's kind, state and "updated daily" as tags, the same on the list and the detail page. */
import { Tag, Tooltip } from "antd";
import { useTranslation } from "react-i18next";
import type { Segment } from "./api";
import { KIND_COLORS, STATE_COLORS } from "./labels";

export function SegmentStateTag({ segment }: { segment: Pick<Segment, "state"> }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[segment.state]} data-testid="segment-state" data-state={segment.state}>
      {t(`segments.state.${segment.state}`)}
    </Tag>
  );
}

export function SegmentKindTag({ segment }: { segment: Pick<Segment, "kind"> }) {
  const { t } = useTranslation();
  return (
    <Tag color={KIND_COLORS[segment.kind]} data-testid="segment-kind-tag">
      {t(`segments.kind.${segment.kind}`)}
    </Tag>
  );
}

/** Shown when some rule moves with the calendar: the members are recomputed once a day. */
export function TimeRelativeTag({ segment }: { segment: Pick<Segment, "time_relative"> }) {
  const { t } = useTranslation();
  if (!segment.time_relative) return null;
  return (
    <Tooltip title={t("segments.timeRelativeHelp")}>
      <Tag color="purple" data-testid="segment-time-relative">
        {t("segments.timeRelative")}
      </Tag>
    </Tooltip>
  );
}
