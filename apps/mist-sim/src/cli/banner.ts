import type { SimState } from "../state/sim-state";

/**
 * The startup line: where to point the orchestrator, and with which org and token. Picks the first
 * org and an admin token for it (the bundled seed: Demo Org and the "demo" token).
 */
export function banner(url: string, state: SimState): string {
  const org = [...state.orgs.values()][0];
  const tokens = [...state.tokens.values()];
  const token =
    tokens.find((t) => t.privileges.some((p) => p.org_id === org?.id && p.role === "admin")) ?? tokens[0];
  return `Mist simulator listening on ${url}/api/v1  org ${org?.id ?? "-"}  token ${token?.value ?? "-"}`;
}
