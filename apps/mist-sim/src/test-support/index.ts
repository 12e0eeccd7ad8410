export { type ApiResponse, type Json, type RequestOptions, SimClient } from "./sim-client";
export { type SimFixture, useSim } from "./use-sim";
