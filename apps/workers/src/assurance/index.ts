export { AssuranceFailure, AssuranceWait, isAssuranceFailure, isAssuranceWait } from "./assurance-signals";
export { assureSite } from "./assure-site";
