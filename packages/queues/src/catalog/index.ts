export { JOB_CATALOG, type JobKindName } from "./job-catalog";
