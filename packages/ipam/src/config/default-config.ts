import { parseIpamConfig } from "./parse";

/**
 * 10.0.0.0/8 in eight /11 zones (2,048 /22 sites each) with the default roles; built through the
 * schema so the defaults can never disagree with validation.
 */
export const DEFAULT_IPAM_CONFIG = parseIpamConfig({});
