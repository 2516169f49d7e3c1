/** How many members the segment had at the end of each of the last 90 days (the tenant's
 * calendar), a line; the tooltip adds who joined and who left that day. */
import { LineChart, type LineSeriesOption } from "echarts/charts";
import {
  GridComponent,
  type GridComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from "echarts/components";
import { type ComposeOption, use } from "echarts/core";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { EChart } from "../../components/EChart";
import type { components } from "../../lib/api/schema";
import { useFormat } from "../../lib/useFormat";
import { shortDay } from "./labels";

use([LineChart, GridComponent, TooltipComponent]);

type Option = ComposeOption<LineSeriesOption | GridComponentOption | TooltipComponentOption>;
type SizePoint = components["schemas"]["SizePoint"];

export function SizeHistoryChart({ points }: { points: SizePoint[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const option = useMemo((): Option => {
    const number = (n: number) => n.toLocaleString(fmt.locale);
    return {
      grid: { left: 48, right: 16, top: 16, bottom: 32 },
      tooltip: {
        trigger: "axis",
        formatter: (params) => {
          const first = Array.isArray(params) ? params[0] : params;
          const p = points[first?.dataIndex ?? -1];
          if (!p) return "";
          return [
            fmt.date(p.day),
            `${t("segments.detail.historySize")}: ${number(p.size)}`,
            `${t("segments.detail.historyJoined")}: ${number(p.joined)}`,
            `${t("segments.detail.historyLeft")}: ${number(p.left)}`,
          ].join("<br/>");
        },
      },
      xAxis: {
        type: "category",
        boundaryGap: false,
        data: points.map((p) => shortDay(p.day, fmt.locale)),
      },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        {
          type: "line",
          name: t("segments.detail.historySize"),
          data: points.map((p) => p.size),
          showSymbol: false,
          areaStyle: { opacity: 0.12 },
          step: "end",
        },
      ],
    };
  }, [points, fmt, t]);
  const last = points[points.length - 1];
  return (
    <EChart
      option={option}
      height={240}
      label={`${t("segments.detail.history")}${last ? `: ${last.size}` : ""}`}
      testId="segment-history-chart"
    />
  );
}
