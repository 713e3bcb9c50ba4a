// Parsing /override arguments and ranking check run states, as upstream's override plugin does.

/** Contexts separated by spaces; a context with spaces is written in double quotes (`"test / Unit Tests"`). */
export function parseOverrideInput(input: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let cur = '';
  const flush = (): void => {
    if (cur !== '') out.push(cur.trim().replace(/^"+|"+$/g, ''));
    cur = '';
  };
  for (const ch of input) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === ' ') flush();
    else cur += ch;
  }
  flush();
  return out;
}

export type CheckState = 'SUCCESS' | 'PENDING' | 'ERROR' | 'FAILURE' | 'EXPECTED' | string;

/** A check run's state as a status state: not completed is PENDING, NEUTRAL counts as SUCCESS. */
export function checkRunState(run: { completed_at?: string | null; conclusion?: string | null }): CheckState {
  if (!run.completed_at) return 'PENDING';
  const c = (run.conclusion ?? '').toUpperCase();
  return c === 'NEUTRAL' ? 'SUCCESS' : c;
}

/** Upstream's isStateBetter: of several runs with one name, the best state counts. */
export function isStateBetter(previous: CheckState, current: CheckState): boolean {
  if (current === 'SUCCESS') return true;
  if (current === 'PENDING' && ['ERROR', 'FAILURE', 'EXPECTED'].includes(previous)) return true;
  return previous === 'EXPECTED' && (current === 'ERROR' || current === 'FAILURE');
}

/** One state per check run name, the best of its runs. */
export function bestCheckRunStates(runs: readonly { name: string; completed_at?: string | null; conclusion?: string | null }[]): Map<string, CheckState> {
  const out = new Map<string, CheckState>();
  for (const r of runs) {
    const s = checkRunState(r);
    const prev = out.get(r.name);
    if (prev === undefined || isStateBetter(prev, s)) out.set(r.name, s);
  }
  return out;
}
