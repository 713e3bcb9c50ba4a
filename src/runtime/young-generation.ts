// A hook on its own keeps V8's young generation at its initial size (1 MiB semi-spaces) instead of letting it grow
// to 16 MiB: a delivery's garbage dies young either way, and the process stays about 30 MiB smaller. So does
// `prow checkconfig`: its peak RSS is that young generation's growth, for no CPU saved. Only the growth factor can be
// changed once the heap exists (set there, it works; on node's command line Node 20 leaves the young generation
// growing), and it must be before start-up (module loading, config parsing) has grown the young generation, so
// `prow` decides from its arguments before it loads the program.
//
// Once handling falls behind (deliveries waiting on GitHub and the store pile up, as in a burst of `/test` comments),
// what they hold outlives a small young generation and is copied and promoted over and over: the hook then lets it
// grow as V8 would (bench hook, workload B: about 10–25 % less CPU per delivery).
import v8 from 'node:v8';

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

/** Whether the process starts with its young generation kept small: a hook on its own, or `prow checkconfig`. */
export function startsWithSmallYoungGeneration(argv: readonly string[]): boolean {
  return argv[2] === 'checkconfig' || runsHookAlone(argv);
}

/** V8's own growth factor for the young generation (its `--semi-space-growth-factor` default). */
const V8_GROWTH_FACTOR = 2;

let keptSmall = false;

export function keepYoungGenerationSmall(): void {
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  keptSmall = true;
}

/** Lets the young generation grow again (as V8 would) if it was kept small; returns whether it was. */
export function letYoungGenerationGrow(): boolean {
  if (!keptSmall) return false;
  v8.setFlagsFromString(`--semi-space-growth-factor=${V8_GROWTH_FACTOR}`);
  keptSmall = false;
  return true;
}
