export { DEFAULT_IPAM_CONFIG } from "./default-config";
export { DEFAULT_ROLES, DEFAULT_ZONES } from "./defaults";
export { IpamIpv6, IpamRole, IpamZone } from "./fields";
export { loadIpamConfig } from "./load";
export { parseIpamConfig } from "./parse";
export { IpamConfig, type IpamConfigInput } from "./schema";
