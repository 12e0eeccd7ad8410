export { EXACT_FILTERS, MarvisAction, MarvisActionInput, matchesFilters } from "./marvis-action";
