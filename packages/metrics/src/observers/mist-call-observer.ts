import { type CallInfo, routeTemplate } from "@mistflow/mist-client";
import { MIST_CALLS, MIST_RATE_LIMITED } from "../catalog";
import type { MetricsRecorder } from "../recorder";

/** The label for an attempt that got no HTTP answer. */
const noAnswer = (error: string | undefined) => (error === "MistTimeoutError" ? "timeout" : "network");

/**
 * The `onCall` hook of the Mist client: counts each HTTP attempt by method, route and status, and
 * each 429 by token alias. Memory only; the recorder's periodic flush carries it to Redis.
 */
export function mistCallObserver(recorder: MetricsRecorder): (info: CallInfo) => void {
  return (info) => {
    recorder.inc(MIST_CALLS, {
      method: info.method,
      route: routeTemplate(info.path),
      status: info.status === undefined ? noAnswer(info.error) : String(info.status),
    });
    if (info.status === 429) recorder.inc(MIST_RATE_LIMITED, { token_alias: info.tokenAlias });
  };
}
