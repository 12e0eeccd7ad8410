import { z } from "zod";
import type { OperationSpec } from "../operation";
import { IpamAllocation, IpamRelease, IpamSitePlan, IpamZoneUsage } from "../schemas";
import { ERRORS } from "./errors";

const region = {
  name: "region",
  in: "query",
  description: "IPAM zone code, e.g. NA-EAST",
  schema: z.string(),
} as const;

export const ipamOperations: OperationSpec[] = [
  {
    method: "get",
    path: "/v1/ipam/zones",
    operationId: "ipamZones",
    summary: "IPAM zones with capacity and use",
    tag: "ipam",
    access: "read",
    responses: { 200: { description: "every zone", schema: z.array(IpamZoneUsage) }, 503: ERRORS[503] },
  },
  {
    method: "get",
    path: "/v1/ipam/plan",
    operationId: "ipamPreview",
    summary: "The IP plan a site holds or would get; allocates nothing",
    description: "With scheme=legacy, zone and site: the older 10.{zone}.{site} formula.",
    tag: "ipam",
    access: "read",
    params: [
      region,
      { name: "site", in: "query", description: "site name (or legacy site number)", schema: z.string() },
      {
        name: "scheme",
        in: "query",
        description: "legacy for the older formula",
        schema: z.enum(["legacy"]),
      },
      { name: "zone", in: "query", description: "legacy zone 1-8", schema: z.coerce.number().int() },
    ],
    responses: {
      200: { description: "the plan and its site variables", schema: IpamSitePlan },
      400: ERRORS[400],
      409: { ...ERRORS[409], description: "zone_mismatch or ipam_exhausted" },
      422: ERRORS[422],
      503: ERRORS[503],
    },
  },
  {
    method: "get",
    path: "/v1/ipam/allocations",
    operationId: "ipamAllocations",
    summary: "A zone's allocations",
    tag: "ipam",
    access: "read",
    params: [{ ...region, required: true }],
    responses: {
      200: { description: "by index", schema: z.array(IpamAllocation) },
      400: ERRORS[400],
      422: ERRORS[422],
      503: ERRORS[503],
    },
  },
  {
    method: "delete",
    path: "/v1/ipam/allocations/{site}",
    operationId: "ipamRelease",
    summary: "Release a decommissioned site's block",
    tag: "ipam",
    access: "admin",
    params: [{ name: "site", in: "path", required: true, description: "site name", schema: z.string() }],
    responses: {
      200: { description: "released", schema: IpamRelease },
      401: ERRORS[401],
      403: ERRORS[403],
      404: { ...ERRORS[404], description: "the site holds no allocation" },
      503: ERRORS[503],
    },
  },
];
