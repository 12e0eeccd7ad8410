import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { HonoAdapter } from "@bull-board/hono";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Queue } from "bullmq";
import type { Hono, MiddlewareHandler } from "hono";
import { basicAuth } from "hono/basic-auth";
import { grants, type Keyring } from "../auth";
import { safeEqual } from "./safe-equal";

const BOARD_PATH = "/admin/queues";

/**
 * Basic auth: the admin credentials, or (any user name and) an API key granting `scope` as the
 * password. Admin-only API actions ask for `admin`; the board, read-only for everyone, for `read`.
 */
const basicLogin = (
  username: string,
  password: string,
  keyring: Keyring | undefined,
  scope: "admin" | "read",
): MiddlewareHandler =>
  basicAuth({
    realm: "mistflow admin",
    verifyUser: (u, p) => {
      // Both comparisons always run, so timing does not reveal which half was wrong.
      const credentials = [safeEqual(u, username), safeEqual(p, password)].every(Boolean);
      const key = keyring?.verify(p);
      return credentials || (key !== undefined && grants(key, scope));
    },
  });

/** Admin-only API actions (releasing an IP block, PSK rotations without API keys). */
export const adminAuth = (username: string, password: string, keyring?: Keyring): MiddlewareHandler =>
  basicLogin(username, password, keyring, "admin");

export interface BoardOptions {
  queues: Queue[];
  username: string;
  password: string;
  keyring?: Keyring;
}

/**
 * Bull Board at /admin/queues, behind basic auth (it has none of its own) and read-only: job data
 * holds only ids, and retries or removals belong to the API, which keeps the deployment record
 * consistent. Being read-only, it opens to the admin login and to any API key that may read
 * deployments (a NOC's read key shows the same as `GET /v1/deployments`). Every domain queue is
 * registered so the flow tab can walk the whole tree.
 */
export function mountBoard(app: Hono, opts: BoardOptions): void {
  const adapter = new HonoAdapter(serveStatic);
  createBullBoard({
    queues: opts.queues.map((q) => new BullMQAdapter(q, { readOnlyMode: true })),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: "mistflow", hideRedisDetails: true } },
  });
  adapter.setBasePath(BOARD_PATH);
  const guard = basicLogin(opts.username, opts.password, opts.keyring, "read");
  app.use(BOARD_PATH, guard);
  app.use(`${BOARD_PATH}/*`, guard);
  app.route(BOARD_PATH, adapter.registerPlugin());
}
