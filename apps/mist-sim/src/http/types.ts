import type { IncomingMessage } from "node:http";
import type { SimToken } from "../state/types";

interface SimVariables {
  /** Authenticated token, set by the auth middleware (absent before it ran or on 401). */
  token: SimToken | null;
  /** Org the request was resolved to, for the ledger. */
  orgId: string | null;
  /** Binding fields a site create carried, for the ledger. */
  binds?: string[];
}

/** @hono/node-server passes the raw request; absent when the app is driven with `app.request()`. */
interface SimBindings {
  incoming?: IncomingMessage;
}

export interface SimEnv {
  Bindings: SimBindings;
  Variables: SimVariables;
}
