export { bullmqTelemetry } from "./bullmq-telemetry";
