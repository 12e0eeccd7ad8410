export { runUpgradeWave, type WaveOutcome } from "./wave-job";
