// Build IDs for runs that have none yet: snowflake-style decimal numbers (milliseconds since 2020 shifted left,
// plus a sequence), increasing across calls and restarts, as upstream's default build ID generator.
const EPOCH_MS = 1_577_836_800_000n; // 2020-01-01T00:00:00Z
let last = 0n;

export function newBuildID(nowMs = Date.now()): string {
  let id = (BigInt(nowMs) - EPOCH_MS) << 22n;
  if (id <= last) id = last + 1n;
  last = id;
  return id.toString();
}
