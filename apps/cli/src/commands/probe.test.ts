import { describe, expect, it } from "vitest";
import { formatProbe, type ProbeAnswer, probeExitCode } from "./probe";

const ok = (reason: string) => ({ status: "ok" as const, reason });

const report = (over: Partial<ProbeAnswer["preflight"]> = {}): ProbeAnswer => ({
  org_id: "o1",
  ok: true,
  tokens: [{ alias: "prod", ok: true, kind: "org", role: "admin" }],
  preflight: {
    ok: true,
    token: ok("token prod is an org token with role admin"),
    source_ip: ok("the org does not restrict source addresses"),
    auto_upgrade: ok("AP auto-upgrade is off"),
    marvis: ok("Marvis self-driving is off"),
    ...over,
  },
});

describe("probe table", () => {
  it("prints one row per item with its status and reason", () => {
    const lines = formatProbe(report({ auto_upgrade: { status: "warning", reason: "on at Paris" } }));
    expect(lines[0]).toBe("pre-flight of org o1");
    expect(lines.find((l) => l.includes("AP auto-upgrade"))).toMatch(/warning\s+on at Paris$/);
    expect(lines.some((l) => l.includes("token prod: ok (org, admin)"))).toBe(true);
  });

  it("exits 1 only when an item failed; warnings pass", () => {
    expect(probeExitCode(report({ marvis: { status: "warning", reason: "on" } }))).toBe(0);
    expect(probeExitCode(report({ source_ip: { status: "fail", reason: "403" } }))).toBe(1);
  });
});
