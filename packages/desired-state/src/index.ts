/**
 * @module @mistflow/desired-state
 * What a deployment wants Mist to hold, as pure functions: the request bodies the workers send
 * and the dry run (`POST /v1/plan`) compares with Mist, built by the same code so the two agree.
 */
export * from "./bodies";
export * from "./diff";
export * from "./object-sets";
