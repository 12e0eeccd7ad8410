import { type DeploymentStore, isDeploymentNotFoundError } from "@mistflow/deployments";
import type { Logger } from "@mistflow/logger";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { ApiError } from "../errors";
import { diffView, endEvent, initialState, parseCursor } from "../events";

export interface EventStreamOptions {
  /** How often the record is read; transitions are seconds apart, so half a second is plenty. */
  pollMs?: number;
  /** A comment this often keeps proxies from closing an idle stream. */
  heartbeatMs?: number;
}

const DEPLOYMENT_ID = /^dep-[0-9a-f]{24}$/;

/**
 * `GET /:id/events`: step transitions as Server-Sent Events, derived by polling the record (the
 * workers' transitions stay as they are, with no publish on their hot path). Ends with `end`.
 */
export function deploymentEventRoutes(
  deps: { store: DeploymentStore; log: Logger },
  opts: EventStreamOptions = {},
) {
  const pollMs = opts.pollMs ?? 500;
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  const app = new Hono();

  app.get("/:id/events", async (c) => {
    const id = c.req.param("id");
    const notFound = () => new ApiError(404, "not_found", `deployment ${id} not found`);
    if (!DEPLOYMENT_ID.test(id)) throw notFound();
    let first: Awaited<ReturnType<DeploymentStore["get"]>>;
    try {
      first = await deps.store.get(id);
    } catch (e) {
      throw isDeploymentNotFoundError(e) ? notFound() : e;
    }
    let known = parseCursor(c.req.header("last-event-id")) ?? initialState();

    return streamSSE(
      c,
      async (stream) => {
        let view = first;
        let lastWrite = Date.now();
        while (!stream.aborted && !stream.closed) {
          const { events, next, ended } = diffView(known, view);
          for (const e of events)
            await stream.writeSSE({ event: e.event, id: e.id, data: JSON.stringify(e.data) });
          if (events.length) lastWrite = Date.now();
          known = next;
          if (ended) {
            const end = endEvent(view, known);
            await stream.writeSSE({ event: end.event, id: end.id, data: JSON.stringify(end.data) });
            return;
          }
          if (Date.now() - lastWrite >= heartbeatMs) {
            await stream.write(": heartbeat\n\n");
            lastWrite = Date.now();
          }
          await stream.sleep(pollMs);
          // Nobody is listening any more: stop reading Redis for them.
          if (stream.aborted) return;
          view = await deps.store.get(id);
        }
      },
      async (err, stream) => {
        deps.log.warn({ deployment: id, err: err.message }, "event stream failed");
        await stream.writeSSE({
          event: "error",
          data: JSON.stringify({ message: "event stream failed; reconnect" }),
        });
      },
    );
  });

  return app;
}
