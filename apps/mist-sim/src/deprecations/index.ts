export { findDeprecations } from "./find-deprecations";
