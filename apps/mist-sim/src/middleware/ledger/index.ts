export { ANONYMOUS_KEY, Ledger, type LedgerCounts, type LedgerEntry, type LedgerQuery } from "./ledger";
export { ledgerMiddleware } from "./ledger-middleware";
