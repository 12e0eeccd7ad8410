import { MistHttp } from "../core/mist-http";
import type { MistHttpOptions } from "../core/types";
import { DEFAULT_PAGE_LIMIT } from "../pagination/paginate";
import type { ResourceContext } from "../resources/context";
import { DeviceProfilesApi } from "../resources/deviceprofiles";
import { FirmwareApi } from "../resources/firmware";
import { InsightsApi } from "../resources/insights";
import { InventoryApi } from "../resources/inventory";
import { MarvisApi } from "../resources/marvis";
import { OrgObjectsApi } from "../resources/org-objects";
import { OrgSettingApi } from "../resources/org-setting";
import { PsksApi } from "../resources/psks";
import { SelfApi } from "../resources/self";
import { SitesApi } from "../resources/sites";

export interface MistClientOptions extends MistHttpOptions {
  /** Items per list page, 1–1000. Default 100 (Mist's default). */
  pageLimit?: number;
}

/**
 * The typed Mist API client every worker uses: one request core (auth, deadline, retries, shared
 * rate budget, typed errors) and the operations the deployment steps need.
 *
 * @example
 * const mist = new MistClient({ baseUrl: mistHost("global01"), token, tokenAlias: "prod", limiter });
 * const site = (await mist.sites.searchByName(orgId, "Paris")) ?? (await mist.sites.create(orgId, { name: "Paris" }));
 * await mist.close();
 */
export class MistClient {
  readonly http: MistHttp;
  readonly self: SelfApi;
  readonly sites: SitesApi;
  readonly inventory: InventoryApi;
  readonly orgObjects: OrgObjectsApi;
  readonly psks: PsksApi;
  readonly deviceprofiles: DeviceProfilesApi;
  readonly firmware: FirmwareApi;
  readonly insights: InsightsApi;
  readonly orgSetting: OrgSettingApi;
  readonly marvis: MarvisApi;

  constructor(options: MistClientOptions) {
    this.http = new MistHttp(options);
    const ctx: ResourceContext = { http: this.http, pageLimit: options.pageLimit ?? DEFAULT_PAGE_LIMIT };
    this.self = new SelfApi(ctx);
    this.sites = new SitesApi(ctx);
    this.inventory = new InventoryApi(ctx);
    this.orgObjects = new OrgObjectsApi(ctx);
    this.psks = new PsksApi(ctx);
    this.deviceprofiles = new DeviceProfilesApi(ctx);
    this.firmware = new FirmwareApi(ctx);
    this.insights = new InsightsApi(ctx);
    this.orgSetting = new OrgSettingApi(ctx);
    this.marvis = new MarvisApi(ctx);
  }

  /** Closes the HTTP pool. The limiter's Redis connection belongs to the caller. */
  close(): Promise<void> {
    return this.http.close();
  }
}
