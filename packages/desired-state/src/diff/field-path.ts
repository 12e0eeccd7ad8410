const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `port_config["ge-0/0/0"].usage`, `band_5.channels[2]`: paths as a reader would write them in JS. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  if (IDENTIFIER.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}
