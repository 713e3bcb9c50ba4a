// Choosing reviewers from OWNERS, as the seed docs describe blunderbuss: each changed file weighs its changed
// lines (at least 1); a candidate weighs the sum over the files they may review; picks are random in proportion to
// weight, from a PRNG seeded per PR (deterministic for tests, different across PRs). As upstream, the closest
// (leaf) reviewers of each OWNERS file are tried first, one per file, then more leaf reviewers, then reviewers up
// the tree, until request_count; required_reviewers are always added.

/** What choosing needs from a repository's OWNERS, per file (lower-case logins). */
export interface ReviewerSource {
  leaf(file: string): Set<string>;
  all(file: string): Set<string>;
  required(file: string): Set<string>;
}

export interface ChangedFile {
  filename: string;
  /** Lines added plus deleted. */
  changes: number;
}

export interface ChooseOptions {
  author: string;
  count: number;
  random: () => number;
  /** Whether a candidate is busy (use_status_availability); undefined: nobody is. */
  isBusy?: (login: string) => Promise<boolean>;
}

export interface Chosen {
  reviewers: string[];
  required: string[];
}

function weights(files: readonly ChangedFile[], people: (file: string) => Set<string>): Map<string, number> {
  const w = new Map<string, number>();
  for (const f of files) for (const p of people(f.filename)) w.set(p, (w.get(p) ?? 0) + Math.max(f.changes, 1));
  return w;
}

export async function chooseReviewers(src: ReviewerSource, files: readonly ChangedFile[], o: ChooseOptions): Promise<Chosen> {
  const author = o.author.toLowerCase();
  const chosen: string[] = [];
  const required = new Set<string>();
  if (o.count <= 0) return { reviewers: chosen, required: [] };
  const busy = new Set<string>();
  const leafWeight = weights(files, (f) => src.leaf(f));
  const allWeight = weights(files, (f) => src.all(f));

  /** Draws from `pool` (removing what it draws) until someone is not busy; '' when the pool runs out. */
  const draw = async (pool: Set<string>, weight: Map<string, number>): Promise<string> => {
    while (pool.size > 0) {
      const cands = [...pool].sort();
      const total = cands.reduce((s, c) => s + (weight.get(c) ?? 1), 0);
      let r = o.random() * total;
      let pick = cands[cands.length - 1]!;
      for (const c of cands) {
        r -= weight.get(c) ?? 1;
        if (r < 0) {
          pick = c;
          break;
        }
      }
      pool.delete(pick);
      if (busy.has(pick)) continue;
      if (o.isBusy && (await o.isBusy(pick))) {
        busy.add(pick);
        continue;
      }
      return pick;
    }
    return '';
  };
  const without = (s: Iterable<string>): Set<string> => new Set([...s].filter((p) => p !== author && !chosen.includes(p)));

  const seen = new Set<string>();
  const leaves = new Set<string>();
  for (const f of files) {
    const leaf = src.leaf(f.filename);
    // One pick per OWNERS file: files sharing the same closest reviewers are one file here.
    const key = [...leaf].sort().join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    for (const r of src.required(f.filename)) required.add(r);
    const unused = without(leaf);
    if (unused.size === 0) continue;
    for (const u of unused) leaves.add(u);
    const r = await draw(unused, leafWeight);
    if (r) chosen.push(r);
  }
  const moreLeaves = without(leaves);
  while (chosen.length < o.count && moreLeaves.size > 0) {
    const r = await draw(moreLeaves, leafWeight);
    if (r) chosen.push(r);
  }
  for (const f of files) {
    if (chosen.length >= o.count) break;
    const pool = without(src.all(f.filename));
    while (chosen.length < o.count && pool.size > 0) {
      const r = await draw(pool, allWeight);
      if (r) chosen.push(r);
    }
  }
  required.delete(author);
  return { reviewers: chosen, required: [...required].sort() };
}
