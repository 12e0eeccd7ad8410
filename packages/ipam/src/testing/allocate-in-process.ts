// Child process for the multi-process allocation test: allocates a range of site names at once
// and prints what it got, one JSON line per site.
import { Redis } from "ioredis";
import { IpamAllocator } from "../allocator";
import { DEFAULT_IPAM_CONFIG } from "../config";

const [url, prefix, zone, start, count] = process.argv.slice(2);
const redis = new Redis(url ?? "");
const allocator = new IpamAllocator(redis, { prefix: prefix ?? "", config: DEFAULT_IPAM_CONFIG });
const names = Array.from({ length: Number(count) }, (_, i) => `site-${Number(start) + i}`);
const results = await Promise.all(
  names.map(async (name) => ({ name, ...(await allocator.allocate(zone ?? "", name)) })),
);
for (const r of results) process.stdout.write(`${JSON.stringify(r)}\n`);
await redis.quit();
