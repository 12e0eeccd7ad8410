export { type ParsedSeries, parseSeries } from "./parse-series";
export { type GaugeFamily, mergeExposition, renderPrometheus } from "./render-prometheus";
