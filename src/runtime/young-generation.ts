// A hook on its own keeps V8's young generation at its initial size (1 MiB semi-spaces) instead of letting it grow
// to 16 MiB: a delivery's garbage dies young either way, and the process stays about 30 MiB smaller. Only the growth
// factor can be changed once the heap exists, and it must be before start-up (module loading, config parsing) has
// grown the young generation, so `prow` decides from its arguments before it loads the program.
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

export function keepYoungGenerationSmall(): void {
  v8.setFlagsFromString('--semi-space-growth-factor=1');
}
