/** One ECharts chart in a box: initialised on mount, given its option whenever it changes, resized
 * with its box and disposed on unmount. Only the canvas renderer is registered here: each chart
 * registers the chart types and components it draws with (`use([LineChart, GridComponent])`), so
 * the bundle carries only the parts in use. */

import { type EChartsCoreOption, type EChartsType, init, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { type CSSProperties, useEffect, useRef } from "react";
import { useReducedMotion } from "../lib/useReducedMotion";

use([CanvasRenderer]);

export function EChart({
  option,
  height = 280,
  label,
  testId,
  style,
}: {
  option: EChartsCoreOption;
  height?: number;
  /** What the chart shows, for screen readers (a canvas says nothing by itself). */
  label: string;
  testId?: string;
  style?: CSSProperties;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const still = useReducedMotion();

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = init(element, undefined, { renderer: "canvas" });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // Users who asked for less motion get the chart drawn at once.
    chart.current?.setOption(still ? { ...option, animation: false } : option, { notMerge: true });
  }, [option, still]);

  return (
    <div
      ref={box}
      role="img"
      aria-label={label}
      data-testid={testId}
      style={{ width: "100%", height, ...style }}
    />
  );
}
