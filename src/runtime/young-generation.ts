// V8 lets a process's young generation grow from 1 MiB semi-spaces to 16 MiB under allocation. A hook on its own and
// `prow checkconfig` hold it at a fixed size instead, since what they allocate dies young either way:
// - checkconfig at its initial 1 MiB: its peak RSS is that growth, for no CPU saved;
// - the hook at 4 MiB: a delivery's garbage dies young at any size, but each scavenge copies what the deliveries in
//   flight hold, so 1 MiB semi-spaces scavenge 4× as often for the same survivors (bench hook, workload A: 242–247 →
//   55–60 scavenges, 180–213 → 86–137 ms of them, RSS after 1–4 MiB higher), while 16 MiB makes the process about
//   30 MiB larger.
// Node 20 takes `--min-semi-space-size` and `--max-semi-space-size` only on its command line, which `prow`'s users
// (the image, bin/prow, `node dist/src/cli/main.js`) do not all pass. What can change once the heap exists is the
// growth factor, so the size is held by setting it after each GC: V8's own below the size, 1 (no growth) at it. It must
// be set before start-up (module loading, config parsing) has grown the young generation, so `prow` decides from its
// arguments before it loads the program. V8 may still shrink the young generation when allocation is slow; below the
// held size, the next GC lets it grow again.
//
// Once handling falls behind (deliveries waiting on GitHub and the store pile up, as in a burst of `/test` comments),
// what they hold outlives even 4 MiB and is copied and promoted over and over: the hook then lets it grow as V8 would
// (bench hook, workload B: about 10–25 % less CPU per delivery).
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

const MiB = 1024 * 1024;

/** Semi-space size a hook on its own holds its young generation at. */
export const HOOK_SEMI_SPACE_MIB = 4;
/** checkconfig's: V8's initial size. */
export const CHECKCONFIG_SEMI_SPACE_MIB = 1;

/** The roles `--role` names in `argv` (`--role=a,b` or `--role a`, repeatable), read before the program parses it. */
export function rolesInArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = a.startsWith('--role=') ? a.slice('--role='.length) : a === '--role' ? argv[++i] : undefined;
    if (value !== undefined) out.push(...value.split(',').map((s) => s.trim()).filter((s) => s !== ''));
  }
  return out;
}

/** Whether the process runs the hook role alone (the roles it shares a process with may want a larger young generation). */
export function runsHookAlone(argv: readonly string[]): boolean {
  const roles = rolesInArgv(argv);
  return roles.length > 0 && roles.every((r) => r === 'hook');
}

/** The semi-space size (MiB) the process holds its young generation at from its first line; undefined: V8's own growth. */
export function heldSemiSpaceMiB(argv: readonly string[]): number | undefined {
  if (argv[2] === 'checkconfig') return CHECKCONFIG_SEMI_SPACE_MIB;
  return runsHookAlone(argv) ? HOOK_SEMI_SPACE_MIB : undefined;
}

/** V8's own growth factor for the young generation (its `--semi-space-growth-factor` default). */
const V8_GROWTH_FACTOR = 2;

/** The growth factor last set (V8's own until then). */
let growthFactor = V8_GROWTH_FACTOR;
let held: { semiSpaceBytes: number; observer: PerformanceObserver } | undefined;

/**
 * What one semi-space holds now: the new space's used and available bytes (its size counts the second semi-space only
 * once V8 has committed it, after the first scavenge). It is the semi-space less its page headers, about 1.7 %.
 */
function semiSpaceCapacity(): number {
  const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  return space ? space.space_used_size + space.space_available_size : 0;
}

/** A semi-space whose capacity is at least this share of a size is that size (its page headers aside). */
const PAGE_HEADERS_ASIDE = 0.95;

function setGrowthFactor(factor: number): void {
  if (factor === growthFactor) return;
  v8.setFlagsFromString(`--semi-space-growth-factor=${factor}`);
  growthFactor = factor;
}

/** Grows the young generation as V8 would below the held size, and not at all from it. */
function adjust(): void {
  if (held) setGrowthFactor(semiSpaceCapacity() < PAGE_HEADERS_ASIDE * held.semiSpaceBytes ? V8_GROWTH_FACTOR : 1);
}

/** Holds the young generation at `semiSpaceMiB` semi-spaces from now on (until letYoungGenerationGrow). */
export function holdYoungGenerationAt(semiSpaceMiB: number): void {
  held?.observer.disconnect();
  const observer = new PerformanceObserver(adjust);
  held = { semiSpaceBytes: semiSpaceMiB * MiB, observer };
  adjust();
  observer.observe({ entryTypes: ['gc'] });
}

/** Lets the young generation grow again (as V8 would) if it was held; returns whether it was. */
export function letYoungGenerationGrow(): boolean {
  if (!held) return false;
  held.observer.disconnect();
  held = undefined;
  setGrowthFactor(V8_GROWTH_FACTOR);
  return true;
}
