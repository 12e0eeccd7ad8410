export { INFRA_RESERVATION_MAX_PREFIX, INFRA_RESERVED_HOSTS } from "./host-plan";
export {
  adoptedPrefixes,
  overlappingSiteSlots,
  parseBlockOrAddress,
  type SiteSlot,
} from "./overlapping-sites";
export { planSite, type Role6Plan, type RolePlan, type SitePlan } from "./plan-site";
export { siteBlock } from "./site-block";
export { listZones, type ZoneInfo, zoneBlock, zoneCapacity } from "./zone-block";
