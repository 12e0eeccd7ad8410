/** Why a request was not authenticated; said in the 401 and the log, never with any secret. */
export type Verification = { ok: true } | { ok: false; reason: string };

export const verified: Verification = { ok: true };
export const rejected = (reason: string): Verification => ({ ok: false, reason });
