// Polling for a condition with a failure message that says what was last seen (no sleeps in tests).

export interface WaitOptions {
  /** Default 30s. */
  timeoutMs?: number;
  /** Default 100ms. */
  intervalMs?: number;
  /** Extra context for the failure message (e.g. the process's stderr tail). */
  context?: () => string;
}

/** What a probe reports: `done` with the value, not yet with what it saw, or `failed`: stop waiting now. */
export type Probe<T> = { done: true; value: T } | { done: false; seen: unknown; failed?: string };

export const seen = (what: unknown): Probe<never> => ({ done: false, seen: what });
export const done = <T>(value: T): Probe<T> => ({ done: true, value });
/** The condition can no longer become true (e.g. the process exited): fail at once. */
export const failed = (why: string, what: unknown = ''): Probe<never> => ({ done: false, seen: what, failed: why });

function show(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v, null, 2);
  } catch {
    return String(v);
  }
}

class WaitFailed extends Error {}

/**
 * Calls `probe` until it reports done; on timeout throws "timed out after Nms waiting for <description>" with the
 * last thing seen (or the last error the probe threw) and the context. A probe reporting `failed` ends it at once.
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
      if (r.failed) {
        const ctx = opts.context ? `\n--- context ---\n${opts.context()}` : '';
        throw new WaitFailed(`gave up waiting for ${description}: ${r.failed}\n--- last seen ---\n${show(last)}${ctx}`);
      }
    } catch (e) {
      if (e instanceof WaitFailed) throw e;
      last = `probe threw: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (Date.now() >= deadline) {
      const ctx = opts.context ? `\n--- context ---\n${opts.context()}` : '';
      throw new Error(`timed out after ${timeoutMs}ms waiting for ${description}\n--- last seen ---\n${show(last)}${ctx}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
