export { readSles, runUpgradeWave, type WaveOutcome } from "./wave-job";
