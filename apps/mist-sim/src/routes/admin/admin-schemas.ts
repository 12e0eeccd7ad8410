import { z } from "zod";

export const RateLimitUpdate = z.union([
  z.strictObject({ enabled: z.literal(false) }),
  z.strictObject({
    enabled: z.literal(true).optional(),
    perWindow: z.number().int().min(1),
    windowMs: z.number().int().min(1),
  }),
]);

export const LedgerParams = z.object({
  since: z.coerce.number().int().min(0).optional(),
  token: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).optional(),
});
