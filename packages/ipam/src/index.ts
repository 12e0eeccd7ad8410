/**
 * @module @mistflow/ipam
 * Collision-free branch IP plans: zone and site blocks carved from one supernet, per-role subnets
 * packed inside each site block, rendered as Mist site variables, with allocations kept in Redis.
 */
export * from "./allocator";
export * from "./config";
export * from "./errors";
export * from "./legacy";
export * from "./plan";
export * from "./vars";
