import { describe, expect, it } from "vitest";
import { MIST_REGION_HOSTS, mistHost, resolveBaseUrl } from "./regions";

describe("mistHost", () => {
  it("maps every region of docs/design/mist-api.md §3.2 to an https base URL", () => {
    expect(mistHost("global01")).toBe("https://api.mist.com");
    expect(mistHost("emea01")).toBe("https://api.eu.mist.com");
    expect(mistHost("apac03")).toBe("https://api.gc7.mist.com");
    expect(Object.keys(MIST_REGION_HOSTS)).toHaveLength(12);
  });
});

describe("resolveBaseUrl", () => {
  it.each([
    ["emea02", "https://api.gc3.mist.com"],
    ["api.ac2.mist.com", "https://api.ac2.mist.com"],
    ["https://api.mist.com/", "https://api.mist.com"],
    ["https://api.mist.com/api/v1/", "https://api.mist.com"],
    ["http://127.0.0.1:8090", "http://127.0.0.1:8090"],
    ["http://localhost:8090/sim/", "http://localhost:8090/sim"],
  ])("%s → %s", (input, expected) => {
    expect(resolveBaseUrl(input)).toBe(expected);
  });

  it("rejects empty and non-http inputs", () => {
    expect(() => resolveBaseUrl(" ")).toThrow(/empty/);
    expect(() => resolveBaseUrl("ftp://api.mist.com")).toThrow(/http/);
  });
});
