/** A zone code the config does not define; the message lists the valid ones so typos are obvious. */
export class UnknownZoneError extends Error {
  override readonly name = "UnknownZoneError";
  readonly zone: string;
  readonly validZones: readonly string[];

  constructor(zone: string, validZones: readonly string[]) {
    super(`unknown IPAM zone ${JSON.stringify(zone)}; valid zones: ${validZones.join(", ")}`);
    this.zone = zone;
    this.validZones = validZones;
  }
}

export const isUnknownZoneError = (e: unknown): e is UnknownZoneError =>
  e instanceof Error && e.name === "UnknownZoneError";
