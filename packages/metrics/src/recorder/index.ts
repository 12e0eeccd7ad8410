export { metricsKey } from "./metrics-key";
export { MetricsRecorder, type MetricsRecorderOptions } from "./metrics-recorder";
