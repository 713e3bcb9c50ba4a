// The hook's delivery journal on its own, as /hook drives it: 32 concurrent deliveries of 2.5 KB, each staged, waited
// for (group commit) and marked done, in a closed loop. Segments made ahead (zero-filled, overwritten in place) against
// segments written by appending, in alternating rounds in one process: acknowledged deliveries/s, ack latency
// p50/p99, CPU per delivery and deliveries per fdatasync. The data dir is under $TMPDIR; the header names its file
// system. Run with `npm run build && node dist/bench/journal.js [rounds] [deliveries]`.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeliveryLog, PREFILL_AFTER_BYTES, type Delivery } from '../roles/hook/deliveries.js';
import { fileSystemOf } from './file-system.js';
import { median, percentile } from './stats.js';

const ROUNDS = Number(process.argv[2] ?? 4);
const DELIVERIES = Number(process.argv[3] ?? 20_000);
const CONCURRENCY = 32;
const BODY = Buffer.from(JSON.stringify({ action: 'created', comment: { body: 'x'.repeat(2_400) } }));

interface Figures { perSecond: number; p50: number; p99: number; cpuUs: number; perFlush: number }

const delivery = (i: number): Delivery => ({
  eventType: 'issue_comment', guid: `g-${i}`, headers: { 'x-github-event': 'issue_comment', 'x-github-delivery': `g-${i}` }, body: BODY, receivedAt: new Date().toISOString(),
});

async function round(prefillAfterBytes: number): Promise<Figures> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'journal-bench-'));
  const log = new DeliveryLog(dir, { prefillAfterBytes });
  const latencies: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < DELIVERIES) {
      const i = next++;
      const started = performance.now();
      const id = log.stage(delivery(i));
      await log.synced();
      latencies.push(performance.now() - started);
      log.done(id);
    }
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const flushes = log.flushes;
  log.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    perSecond: DELIVERIES / (ms / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuUs: (used.user + used.system) / DELIVERIES,
    perFlush: DELIVERIES / flushes,
  };
}

function print(name: string, rs: Figures[]): void {
  const m = (f: (r: Figures) => number): number => median(rs.map(f));
  console.log(`  ${name}: ${m((r) => r.perSecond).toFixed(0)} deliveries/s; ack p50 ${m((r) => r.p50).toFixed(2)} ms, `
    + `p99 ${m((r) => r.p99).toFixed(2)} ms; ${m((r) => r.cpuUs).toFixed(1)} µs CPU per delivery; `
    + `${m((r) => r.perFlush).toFixed(1)} deliveries per fdatasync`);
}

console.log(`journal bench: ${DELIVERIES} deliveries of ${BODY.length} bytes, ${CONCURRENCY} at a time, ${ROUNDS} alternating rounds, medians; `
  + `data dir under ${os.tmpdir()} (${fileSystemOf(os.tmpdir())})`);
const appending: Figures[] = [];
const madeAhead: Figures[] = [];
for (let r = 0; r < ROUNDS; r++) {
  appending.push(await round(Infinity));
  madeAhead.push(await round(PREFILL_AFTER_BYTES));
}
print('segments written by appending', appending);
print('segments made ahead (zero-filled)', madeAhead);
