export { pskRoutes } from "./psk-routes";
export { Passphrase, PSK_READ_ONLY, PskCreate, PskUpdate } from "./psk-schema";
