export { startTelemetry, type Telemetry, type TelemetrySettings, tracesUrlOf } from "./start-telemetry";
