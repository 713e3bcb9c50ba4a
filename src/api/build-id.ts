// Build IDs as upstream vends them without a `tot` server: snowflake IDs (milliseconds since the Twitter epoch,
// a node number and a per-millisecond sequence), so they sort by creation time and only ever grow.
const EPOCH_MS = 1288834974657n;
const NODE_BITS = 10n;
const STEP_BITS = 12n;
const MAX_STEP = (1n << STEP_BITS) - 1n;

export class BuildIdGenerator {
  private lastMs = -1n;
  private step = 0n;
  /** Every ID handed out is greater than this: raise it with `observe` after a restart with a clock set back. */
  private floor = 0n;

  constructor(private readonly node = 1n, private readonly now: () => number = Date.now) {}

  next(): string {
    let ms = BigInt(this.now()) - EPOCH_MS;
    if (ms < this.lastMs) ms = this.lastMs; // clock went back: stay on the last millisecond
    if (ms === this.lastMs) {
      this.step = (this.step + 1n) & MAX_STEP;
      if (this.step === 0n) ms = this.lastMs + 1n; // sequence used up: borrow the next millisecond
    } else {
      this.step = 0n;
    }
    this.lastMs = ms;
    let id = (ms << (NODE_BITS + STEP_BITS)) | (this.node << STEP_BITS) | this.step;
    // Behind an ID seen before (a clock set back across a restart): continue right after it.
    if (id <= this.floor) id = this.floor + 1n;
    this.floor = id;
    return id.toString();
  }

  /** Makes every later ID greater than `id` (an existing build ID, e.g. the newest in the store). */
  observe(id: string | undefined): void {
    if (!id || !/^\d+$/.test(id)) return;
    const n = BigInt(id);
    if (n > this.floor) this.floor = n;
  }
}

/** The process-wide generator. */
export const buildIds = new BuildIdGenerator();
