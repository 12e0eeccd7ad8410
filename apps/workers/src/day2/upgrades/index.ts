export { readSles, runUpgradeWave } from "./wave-job";
