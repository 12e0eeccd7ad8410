export { SimState } from "./sim-state";
export { SimSnapshot } from "./snapshot";
