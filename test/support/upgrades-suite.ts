import { afterAll, beforeAll, beforeEach } from "vitest";
import { startInProcessStack } from "./in-process-stack";
import type { StackUnderTest } from "./stack-under-test";
import { upgradesFixture } from "./upgrades-fixture";

/**
 * A firmware-upgrade suite on the in-process stack: the simulator's upgrades run in stages of
 * 300 ms, and it is reset before each test. `stack()` is the running stack.
 */
export function inProcessUpgradesSuite(label: string) {
  let stack: StackUnderTest | undefined;
  const current = () => {
    if (!stack) throw new Error(`the ${label} stack is not running`);
    return stack;
  };
  const fixture = upgradesFixture(current);
  beforeAll(async () => {
    stack = await startInProcessStack(label, { sim: { upgradePhaseMs: 300 } });
  });
  afterAll(async () => {
    await stack?.shutdown();
  });
  beforeEach(async () => {
    await fixture.simAdmin("POST", "/reset");
  });
  return { stack: current, ...fixture };
}
