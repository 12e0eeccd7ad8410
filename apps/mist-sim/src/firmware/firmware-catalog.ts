import type { DeviceType } from "../seed/schema";

/** Spec `device_version` item. `tag` is "stable", "beta" or "" (untagged, e.g. older trains). */
export interface FirmwareVersion {
  version: string;
  tag: "stable" | "beta" | "";
}

/**
 * Versions offered per model, newest first. Each list holds the version a freshly assigned device runs
 * (state/devices.ts), one newer `stable`, one `beta` and an older untagged build, so tests can upgrade,
 * downgrade and hit "already on that version". Plausible numbers, not Juniper's real release list.
 */
const BY_MODEL: Record<string, readonly FirmwareVersion[]> = {
  AP45: [
    { version: "0.15.30115", tag: "beta" },
    { version: "0.14.29633", tag: "stable" },
    { version: "0.14.29313", tag: "" },
    { version: "0.12.27452", tag: "" },
  ],
  "EX4100-48P": [
    { version: "24.2R1", tag: "beta" },
    { version: "23.4R2-S4", tag: "stable" },
    { version: "23.4R2-S2", tag: "" },
    { version: "22.4R3-S2", tag: "" },
  ],
  SRX320: [
    { version: "24.2R1-S1", tag: "beta" },
    { version: "23.4R2-S3", tag: "stable" },
    { version: "23.4R2-S1", tag: "" },
    { version: "22.4R3-S4", tag: "" },
  ],
};

/** Models a seed may add that the catalog does not know get their type's list. */
const BY_TYPE: Record<DeviceType, readonly FirmwareVersion[]> = {
  ap: BY_MODEL.AP45 ?? [],
  switch: BY_MODEL["EX4100-48P"] ?? [],
  gateway: BY_MODEL.SRX320 ?? [],
};

const TYPE_OF_MODEL: Record<string, DeviceType> = { AP45: "ap", "EX4100-48P": "switch", SRX320: "gateway" };

/** Catalog models of one type. */
export function catalogModels(type: DeviceType): string[] {
  return Object.keys(BY_MODEL).filter((m) => TYPE_OF_MODEL[m] === type);
}

export function versionsFor(model: string, type: DeviceType): readonly FirmwareVersion[] {
  return BY_MODEL[model] ?? BY_TYPE[type];
}

/**
 * The version an upgrade request means for one model: an exact version, `stable` (the stable-tagged
 * build), or nothing, which Mist documents as "the latest available version" and we read as the
 * newest stable build (beta builds are opt-in). Undefined when the model has no such version.
 */
export function resolveVersion(
  requested: string | undefined,
  model: string,
  type: DeviceType,
): string | undefined {
  const versions = versionsFor(model, type);
  if (requested === undefined || requested === "stable" || requested === "latest") {
    return versions.find((v) => v.tag === "stable")?.version;
  }
  return versions.find((v) => v.version === requested)?.version;
}
