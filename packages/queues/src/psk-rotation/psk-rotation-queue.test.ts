import { describe, expect, it } from "vitest";
import {
  expireOldPassphraseJobId,
  expireOldPassphraseJobOptions,
  pskRotationRetryPolicy,
  pskScheduleId,
  rotatePskJobId,
  rotatePskJobOptions,
} from "./psk-rotation-queue";

describe("PSK rotation jobs", () => {
  it("derive ids from the rotation, without ':' (BullMQ refuses it in custom ids)", () => {
    const id = "pskrot-0123456789abcdef01234567";
    expect(rotatePskJobId(id)).toBe(`${id}.rotate`);
    expect(expireOldPassphraseJobId(id)).toBe(`${id}.expire-old`);
    expect(rotatePskJobOptions(id)).toMatchObject({ jobId: `${id}.rotate`, attempts: 8 });
    expect(expireOldPassphraseJobOptions(id, 3_000)).toMatchObject({
      jobId: `${id}.expire-old`,
      delay: 3_000,
    });
    expect(expireOldPassphraseJobOptions(id, -5).delay).toBe(0);
  });

  it("back off from 5 s by default, or from the process's PSK_ROTATION_BACKOFF_MS", () => {
    const id = "pskrot-0123456789abcdef01234567";
    expect(rotatePskJobOptions(id).backoff).toMatchObject({ delay: 5_000 });
    const fast = pskRotationRetryPolicy(100);
    expect(rotatePskJobOptions(id, fast)).toMatchObject({ attempts: 8, backoff: { delay: 100 } });
    expect(expireOldPassphraseJobOptions(id, 0, fast).backoff).toMatchObject({ delay: 100 });
  });

  it("give one schedule per org and set of PSK names, whatever their order", () => {
    const org = "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001";
    const id = pskScheduleId(org, ["guest", "iot"]);
    expect(id).toMatch(/^pskrot-sched-[0-9a-f]{16}$/);
    expect(pskScheduleId(org, ["iot", "guest"])).toBe(id);
    expect(pskScheduleId(org, ["iot"])).not.toBe(id);
    expect(pskScheduleId("6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0002", ["guest", "iot"])).not.toBe(id);
  });
});
