import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { SimState } from "../state/sim-state";
import { createSimApp } from "./create-sim-app";
import type { SimOptions } from "./sim-options";

export interface RunningSim {
  /** Base URL without trailing slash and without `/api/v1`, e.g. `http://127.0.0.1:43123`. */
  url: string;
  state: SimState;
  /** Stop listening, drop open connections (including hung requests) and release waiters. */
  close(): Promise<void>;
}

export interface StartSimOptions extends SimOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1: the admin API has no auth, so do not expose it by accident. */
  host?: string;
}

function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

/** Start the simulator on a real socket. */
export async function startSim(opts: StartSimOptions = {}): Promise<RunningSim> {
  const { app, state } = createSimApp(opts);
  const host = opts.host ?? "127.0.0.1";
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? 0, hostname: host }, () => {
      s.off("error", reject);
      resolve(s as Server);
    });
    s.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost(host)}:${port}`,
    state,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        state.close();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
