import { describe, expect, it } from "vitest";
import { mistPath } from "./mist-path";
import { routeTemplate } from "./route-template";

describe("routeTemplate", () => {
  it("replaces ids, MACs and numbers with placeholders and keeps literal segments", () => {
    const org = "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001";
    expect(routeTemplate(mistPath`/orgs/${org}/sites`)).toBe("/orgs/{id}/sites");
    expect(routeTemplate(mistPath`/orgs/${org}/wlans/${"0a7c9e8e-0000-4c1f-8f2c-0c1a7e0d0002"}`)).toBe(
      "/orgs/{id}/wlans/{id}",
    );
    expect(routeTemplate(mistPath`/orgs/${org}/devices/${"5c5b35a00001"}`)).toBe("/orgs/{id}/devices/{mac}");
    expect(routeTemplate("/self/usage")).toBe("/self/usage");
    expect(routeTemplate("/orgs/7/sites")).toBe("/orgs/{n}/sites");
  });

  it("never lets an arbitrary segment through as a label value", () => {
    expect(routeTemplate(mistPath`/sites/${'x"} 1\nevil'}`)).toBe("/sites/{value}");
  });
});
