/** The campaign's funnel as ECharts draws it: audience → eligible → sent → delivered → opened →
 * clicked → ordered, in that order (not sorted by size: opens are undercounted where images are
 * blocked, so a later stage can be wider), each with its count and share of the audience. */
import { FunnelChart as Funnel, type FunnelSeriesOption } from "echarts/charts";
import { TooltipComponent, type TooltipComponentOption } from "echarts/components";
import { type ComposeOption, use } from "echarts/core";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { EChart } from "../../components/EChart";
import { useFormat } from "../../lib/useFormat";
import { type CampaignReport, funnelData, percent } from "./report";

use([Funnel, TooltipComponent]);

type Option = ComposeOption<FunnelSeriesOption | TooltipComponentOption>;

export function FunnelChart({ report }: { report: CampaignReport }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const points = useMemo(() => funnelData(report), [report]);
  const option = useMemo((): Option => {
    const words = (i: number) => {
      const p = points[i];
      if (!p) return "";
      return `${t(`campaigns.report.stage.${p.stage}`)}  ${p.value.toLocaleString(fmt.locale)} (${percent(p.share, fmt.locale)})`;
    };
    return {
      tooltip: {
        trigger: "item",
        formatter: (params) => words(Array.isArray(params) ? 0 : params.dataIndex),
      },
      series: [
        {
          type: "funnel",
          sort: "none",
          left: "4%",
          width: "56%",
          top: 8,
          bottom: 8,
          min: 0,
          max: Math.max(1, ...points.map((p) => p.value)),
          minSize: "6%",
          gap: 2,
          // Beside the funnel: the narrow stages have no room inside.
          label: { show: true, position: "right", formatter: (params) => words(params.dataIndex) },
          labelLine: { show: true, length: 12 },
          data: points.map((p) => ({ name: t(`campaigns.report.stage.${p.stage}`), value: p.value })),
        },
      ],
    };
  }, [points, fmt.locale, t]);
  const summary = points.map((p) => `${t(`campaigns.report.stage.${p.stage}`)} ${p.value}`).join(", ");
  return (
    <EChart
      option={option}
      height={320}
      label={`${t("campaigns.report.funnel")}: ${summary}`}
      testId="report-funnel"
    />
  );
}
