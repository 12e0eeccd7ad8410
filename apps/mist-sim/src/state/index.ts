export { byCreation, Collection } from "./collection";
export { defaultVersion, deviceId, newInventoryItem, newSiteDevice } from "./devices";
export { createStored, mergeStored } from "./objects";
export { OrgState } from "./org-state";
export { SimState, type SimStateOptions } from "./sim-state";
export { SimSnapshot } from "./snapshot";
export {
  COLLECTION_KINDS,
  type CollectionKind,
  type InventoryItem,
  isCollectionKind,
  type JsonObject,
  type PoolDevice,
  READ_ONLY_FIELDS,
  type SimToken,
  type SiteDevice,
  type SiteSetting,
  type StoredObject,
} from "./types";
