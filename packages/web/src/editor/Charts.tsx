/** Charts of the summary (loaded on demand: echarts is large). Display only: money is computed exactly elsewhere. */
import { useT } from "../i18n.js";
import { memo, useEffect, useMemo, useRef } from "react";
import * as echarts from "echarts/core";
import { BarChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

interface Slice {
  name: string;
  value: number;
}

function useChart(option: echarts.EChartsCoreOption) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    chart.current = echarts.init(ref.current);
    const onResize = () => chart.current?.resize();
    window.addEventListener("resize", onResize);
    return () => {
      window.removeEventListener("resize", onResize);
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  // The summary passes new figures only once typing pauses (LazyCharts); an effect runs after the
  // browser has painted, so the totals show first and the charts follow.
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return ref;
}

export default memo(function Charts({ categories, tiers }: { categories: Slice[]; tiers: Slice[] }) {
  // Options are rebuilt only when the figures change, not on every keystroke elsewhere. No
  // animation: an animated redraw paints the canvas in every frame for a second, and those frames
  // would compete with the next keystrokes.
  const t = useT();
  const catOption = useMemo(() => ({
    animation: false,
    title: { text: t("按类别（Σ P×Q，元）"), textStyle: { fontSize: 13 } },
    tooltip: { trigger: "item", formatter: `{b}<br/>{c} ${t("元")}（{d}%）` },
    series: [{ type: "pie", radius: ["35%", "65%"], top: 24, data: categories, label: { formatter: "{b}\n{d}%" } }],
  }), [categories, t]);
  const tierOption = useMemo(() => ({
    animation: false,
    title: { text: t("按人员级别（Σ P×Q，元）"), textStyle: { fontSize: 13 } },
    tooltip: { trigger: "axis" },
    grid: { left: 90, right: 16, top: 36, bottom: 24 },
    xAxis: { type: "category", data: tiers.map((x) => t(x.name)) },
    yAxis: { type: "value" },
    series: [{ type: "bar", data: tiers.map((t) => t.value), itemStyle: { color: "#1f5fbf" }, barMaxWidth: 40 }],
  }), [tiers, t]);
  const catRef = useChart(catOption);
  const tierRef = useChart(tierOption);
  return (
    <div data-testid="charts">
      <div ref={catRef} style={{ height: 260 }} />
      <div ref={tierRef} style={{ height: 240 }} />
    </div>
  );
});
