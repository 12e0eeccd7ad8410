import type { MiddlewareHandler } from "hono";
import { MistApiError } from "../errors";
import type { SimEnv } from "../http/types";
import type { SimState } from "../state/sim-state";
import { tokenSourceRule } from "./org-setting";
import { addressAllowed, callerAddress } from "./source-ip";

/**
 * **Assumed** body: Mist documents that such a token is refused with 403, not the text. The
 * simulator names the address, never the token.
 */
function sourceIpDetail(address: string): string {
  return `API access from ${address} is not allowed by the org API policy (src_ips)`;
}

/**
 * Org tokens obey their own `src_ips` and, when the org sets `enforce_src_ips_for_tokens`, the
 * org policy's `src_ips` (docs/preflight.md): from any other address every call answers 403.
 * User tokens are not restricted here (the policy is about org tokens).
 */
export function sourceIpMiddleware(state: SimState): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    const token = c.get("token");
    if (token?.kind === "org") {
      const address = callerAddress(c);
      for (const p of token.privileges) {
        const rule = tokenSourceRule(state.orgs.get(p.org_id)?.setting, token.src_ips);
        if (rule && !addressAllowed(address, rule)) {
          c.set("orgId", p.org_id);
          throw new MistApiError(403, { detail: sourceIpDetail(address) });
        }
      }
    }
    await next();
  };
}
