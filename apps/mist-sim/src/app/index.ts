export { createSimApp } from "./create-sim-app";
export type { SimOptions } from "./sim-options";
export { type RunningSim, type StartSimOptions, startSim } from "./start-sim";
