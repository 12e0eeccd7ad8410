import type { Blueprint } from "@mistflow/contracts";
import { blueprintVarUsers } from "@mistflow/desired-state";
import { missingVars } from "@mistflow/ipam";
import { StepFailure } from "@mistflow/worker-runtime";

/**
 * The pre-bind gate: a template using a variable the site lacks would render broken config on
 * real devices, so a site is never bound (by late binding, or by step 1 creating it bound) to a
 * blueprint whose objects use a variable the site does not define. Pure: callers run it before
 * their first Mist call.
 */
export function assertVarsCoverBlueprint(blueprint: Blueprint, vars: Record<string, string>): void {
  const missing = missingVars(blueprintVarUsers(blueprint), vars);
  if (missing.length > 0) {
    throw new StepFailure(
      `the blueprint uses site variables this site does not define: ${missing.join(", ")}`,
    );
  }
}
