export { collectionRoutes } from "./collection-routes";
export type { CollectionSpec } from "./collection-spec";
export { Ids, MacInput, Name, NullableId, Ssid, VlanId } from "./common-schemas";
export { SIMPLE_SPECS } from "./simple-specs";
export { SITEGROUP_SPEC } from "./sitegroup-spec";
