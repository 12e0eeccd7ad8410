export { runRolloutPhase } from "./rollout-job";
