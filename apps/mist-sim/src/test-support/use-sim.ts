import { afterAll, beforeAll, beforeEach } from "vitest";
import type { SimOptions } from "../app/sim-options";
import { type RunningSim, startSim } from "../app/start-sim";
import { SimClient } from "./sim-client";

export interface SimFixture {
  readonly sim: RunningSim;
  readonly api: SimClient;
}

/**
 * One real simulator per test file, reset to its seed before every test so tests stay independent
 * without paying for a new server each time.
 */
export function useSim(opts: SimOptions = {}): SimFixture {
  let sim: RunningSim | undefined;
  let api: SimClient | undefined;
  beforeAll(async () => {
    sim = await startSim(opts);
    api = new SimClient(sim.url);
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(() => {
    sim?.state.reset();
  });
  return {
    get sim() {
      if (!sim) throw new Error("simulator not started yet (use inside tests)");
      return sim;
    },
    get api() {
      if (!api) throw new Error("simulator not started yet (use inside tests)");
      return api;
    },
  };
}
