export { isAssuranceFailure, isAssuranceWait } from "./assurance-signals";
