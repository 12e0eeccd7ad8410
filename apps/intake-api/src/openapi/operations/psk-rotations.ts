import { PskRotationRequest, PskRotationScheduleRequest, PskRotationView } from "@mistflow/contracts";
import { z } from "zod";
import type { OperationSpec } from "../operation";
import { PskScheduleRemoved, PskScheduleView } from "../schemas";
import { ERRORS } from "./errors";

const orgQuery = { name: "org_id", in: "query", description: "only this org's", schema: z.string() } as const;

export const pskRotationOperations: OperationSpec[] = [
  {
    method: "post",
    path: "/v1/psk-rotations",
    operationId: "rotatePsk",
    summary: "Rotate an org PSK's passphrase, with an overlap window for the old one",
    description: "The new passphrase goes to the configured sink only; no answer or record ever holds it.",
    tag: "psk-rotations",
    access: "admin",
    body: { schema: PskRotationRequest },
    responses: {
      202: { description: "rotation started", schema: PskRotationView },
      400: ERRORS[400],
      401: ERRORS[401],
      403: ERRORS[403],
      409: ERRORS[409],
      413: ERRORS[413],
      415: ERRORS[415],
      422: ERRORS[422],
      503: ERRORS[503],
    },
  },
  {
    method: "get",
    path: "/v1/psk-rotations",
    operationId: "listPskRotations",
    summary: "Rotation history",
    tag: "psk-rotations",
    access: "read",
    params: [
      orgQuery,
      { name: "limit", in: "query", description: "1-500, default 50", schema: z.coerce.number().int() },
    ],
    responses: {
      200: { description: "newest first", schema: z.array(PskRotationView) },
      400: ERRORS[400],
      503: ERRORS[503],
    },
  },
  {
    method: "post",
    path: "/v1/psk-rotations/schedules",
    operationId: "schedulePskRotation",
    summary: "Rotate on a schedule (cron or interval)",
    tag: "psk-rotations",
    access: "admin",
    body: { schema: PskRotationScheduleRequest },
    responses: {
      201: { description: "scheduled", schema: PskScheduleView },
      200: { description: "the schedule existed and was updated", schema: PskScheduleView },
      400: ERRORS[400],
      401: ERRORS[401],
      403: ERRORS[403],
      422: ERRORS[422],
      503: ERRORS[503],
    },
  },
  {
    method: "get",
    path: "/v1/psk-rotations/schedules",
    operationId: "listPskSchedules",
    summary: "Rotation schedules",
    tag: "psk-rotations",
    access: "read",
    params: [orgQuery],
    responses: { 200: { description: "every schedule", schema: z.array(PskScheduleView) }, 503: ERRORS[503] },
  },
  {
    method: "delete",
    path: "/v1/psk-rotations/schedules/{id}",
    operationId: "deletePskSchedule",
    summary: "Remove a rotation schedule",
    tag: "psk-rotations",
    access: "admin",
    params: [{ name: "id", in: "path", required: true, description: "schedule id", schema: z.string() }],
    responses: {
      200: { description: "removed", schema: PskScheduleRemoved },
      401: ERRORS[401],
      403: ERRORS[403],
      404: ERRORS[404],
      503: ERRORS[503],
    },
  },
  {
    method: "get",
    path: "/v1/psk-rotations/{id}",
    operationId: "getPskRotation",
    summary: "One rotation",
    tag: "psk-rotations",
    access: "read",
    params: [{ name: "id", in: "path", required: true, description: "pskrot-…", schema: z.string() }],
    responses: {
      200: { description: "the rotation", schema: PskRotationView },
      404: ERRORS[404],
      503: ERRORS[503],
    },
  },
  {
    method: "post",
    path: "/v1/psk-rotations/{id}/retry",
    operationId: "retryPskRotation",
    summary: "Retry a failed rotation from where it failed",
    tag: "psk-rotations",
    access: "admin",
    params: [{ name: "id", in: "path", required: true, description: "pskrot-…", schema: z.string() }],
    responses: {
      202: { description: "retrying", schema: PskRotationView },
      401: ERRORS[401],
      403: ERRORS[403],
      404: ERRORS[404],
      409: ERRORS[409],
      503: ERRORS[503],
    },
  },
];
