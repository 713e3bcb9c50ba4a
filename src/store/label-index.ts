// Names of stored objects by label (`key=value`), so a list by label selector visits the objects that carry one of
// its equality requirements instead of every object in the store (trigger lists a PR's presubmits on every /test).
import type { LabelSelector } from './selector.js';

type Labels = Record<string, string>;

export class LabelIndex {
  private readonly byLabel = new Map<string, Set<string>>();

  /** Records that `name` now carries `next` instead of `prev` (undefined: absent). */
  update(name: string, prev: Labels | undefined, next: Labels | undefined): void {
    if (prev === next) return;
    if (prev) {
      for (const [k, v] of Object.entries(prev)) {
        if (next?.[k] === v) continue;
        const names = this.byLabel.get(`${k}=${v}`);
        names?.delete(name);
        if (names?.size === 0) this.byLabel.delete(`${k}=${v}`);
      }
    }
    if (next) {
      for (const [k, v] of Object.entries(next)) {
        if (prev?.[k] === v) continue;
        const key = `${k}=${v}`;
        let names = this.byLabel.get(key);
        if (!names) this.byLabel.set(key, (names = new Set()));
        names.add(name);
      }
    }
  }

  /**
   * The names that can match `sel`: those of its narrowest `key=value` requirement; undefined when it has none (a
   * selector of only `!=`, `in (a,b)`, `exists`, … is answered by a full scan). Every candidate is still matched.
   */
  candidates(sel: LabelSelector): ReadonlySet<string> | undefined {
    let best: ReadonlySet<string> | undefined;
    for (const r of sel.requirements) {
      if (r.op !== 'in' || r.values.length !== 1) continue;
      const names = this.byLabel.get(`${r.key}=${r.values[0]}`);
      if (!names) return new Set();
      if (!best || names.size < best.size) best = names;
    }
    return best;
  }
}
