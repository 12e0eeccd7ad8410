export type { LedgerCounts, LedgerEntry } from "./ledger";
