export { requireOrg, requireSite } from "./access";
export { omitKeys, readArray, readJson, readObject } from "./body";
export { boolParam, DEFAULT_LIMIT, MAX_LIMIT, type Paging, paginate, parsePaging } from "./pagination";
export { pathParam } from "./params";
export type { SimBindings, SimEnv, SimVariables } from "./types";
export { validate } from "./validation";
