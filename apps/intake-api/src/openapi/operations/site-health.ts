import { SiteHealth } from "@mistflow/contracts";
import { z } from "zod";
import { SiteHealthQuery } from "../../routes/site-health";
import type { OperationSpec } from "../operation";
import { ERRORS } from "./errors";

export const siteHealthOperations: OperationSpec[] = [
  {
    method: "get",
    path: "/v1/sites/{site_id}/health",
    operationId: "getSiteHealth",
    summary: "The site's Wi-Fi SLEs over a recent window, each against its threshold, and one verdict",
    description:
      "Any site of an org the server holds a Mist token for, judged as the assurance step judges the end of its soak window. `verdict` is `fail` when a metric is below its threshold, `no_data` when Mist reported none, else `pass`.",
    tag: "sites",
    access: "read",
    params: [
      { name: "site_id", in: "path", required: true, description: "Mist site id", schema: z.uuid() },
      {
        name: "org_id",
        in: "query",
        required: true,
        description: "the site's Mist org id",
        schema: SiteHealthQuery.shape.org_id,
      },
      {
        name: "duration",
        in: "query",
        description: "how far back to look, e.g. 10m, 1h (default), 1d, 1w",
        schema: SiteHealthQuery.shape.duration,
      },
      {
        name: "blueprint",
        in: "query",
        description: "judge with this blueprint's assurance thresholds instead of ASSURANCE_THRESHOLD",
        schema: SiteHealthQuery.shape.blueprint,
      },
    ],
    responses: {
      200: { description: "per-metric values, thresholds and verdicts", schema: SiteHealth },
      400: ERRORS[400],
      403: {
        ...ERRORS[403],
        description: "the API key lacks the scope, or the org's token may not read the site",
      },
      404: { ...ERRORS[404], description: "no Mist token for the org, or no such site in it" },
      422: { ...ERRORS[422], description: "unknown blueprint" },
      502: ERRORS[502],
      503: ERRORS[503],
    },
  },
];
