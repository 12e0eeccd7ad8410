export { type ClaimResult, claimCodes, claimStatus } from "./claim";
export { filterInventory } from "./inventory-filter";
export { inventoryRoutes } from "./inventory-routes";
export {
  applyInventoryUpdate,
  type InventoryChange,
  InventoryUpdate,
  REASON_ALREADY_ASSIGNED,
  REASON_NOT_IN_INVENTORY,
} from "./inventory-update";
