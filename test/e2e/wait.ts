// Polling for a condition with a failure message that says what was last seen (no sleeps in tests).

export interface WaitOptions {
  /** Default 30s. */
  timeoutMs?: number;
  /** Default 100ms. */
  intervalMs?: number;
  /** Extra context for the failure message (e.g. the process's stderr tail). */
  context?: () => string;
}

/** What a probe reports: `done` with the value, or not yet with what it saw. */
export type Probe<T> = { done: true; value: T } | { done: false; seen: unknown };

export const seen = (what: unknown): Probe<never> => ({ done: false, seen: what });
export const done = <T>(value: T): Probe<T> => ({ done: true, value });

function show(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v, null, 2);
  } catch {
    return String(v);
  }
}

/**
 * Calls `probe` until it reports done; on timeout throws "timed out after Nms waiting for <description>" with the
 * last thing seen (or the last error the probe threw) and the context.
 */
export async function waitFor<T>(description: string, probe: () => Promise<Probe<T>> | Probe<T>, opts: WaitOptions = {}): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const intervalMs = opts.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let last: unknown = '(nothing yet)';
  for (;;) {
    try {
      const r = await probe();
      if (r.done) return r.value;
      last = r.seen;
    } catch (e) {
      last = `probe threw: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (Date.now() >= deadline) {
      const ctx = opts.context ? `\n--- context ---\n${opts.context()}` : '';
      throw new Error(`timed out after ${timeoutMs}ms waiting for ${description}\n--- last seen ---\n${show(last)}${ctx}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
