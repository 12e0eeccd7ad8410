export {
  type Adoption,
  type Allocation,
  IpamAllocator,
  type IpamAllocatorOptions,
  reservedHolder,
  type SiteAllocation,
  type ZoneAllocation,
  type ZoneUsage,
} from "./allocator";
export { hasHashTag } from "./keys";
export type { RedisClient } from "./lua-script";
export { type AllocationPreview, type PreviewResult, previewAllocations } from "./preview";
