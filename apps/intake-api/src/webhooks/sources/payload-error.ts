import type { z } from "zod";
import { fieldIssues, validationError } from "../../errors";

/** A payload that is JSON but not the vendor's shape: 422, naming the fields, nothing enqueued. */
export const payloadError = (error: z.ZodError, what: string) =>
  validationError(
    fieldIssues(error).map((i) => ({ field: i.field, message: `${i.message} (${what})` })),
    422,
  );
