// The approval model, as upstream's approvers package decides it (no GitHub here, so it is table-tested and
// benchmarked alone):
// - Each changed file is governed by its closest OWNERS file that names approvers; those directories, less any
//   below another one in the set (unless no_parent_owners stops the climb), are what must be approved.
// - A directory is approved once someone who may approve one of its files (any approver up that file's chain)
//   has approved.
// - Suggested approvers are a small set covering what is still unapproved: a greedy set cover over the closest
//   (leaf) approvers in a shuffled order seeded by the PR number (so not always the same people, nor the root
//   OWNERS), then current assignees that would cover something are kept in preference to new names.

import { seededRandom, shuffle } from '../shared/random.js';

/** What the model needs from a repository's OWNERS (src/owners' RepoOwners answers it). */
export interface OwnersView {
  /** The directory of the closest OWNERS file with approvers ('' = root); undefined when nobody may approve. */
  approverOwnersDir(file: string): string | undefined;
  /** Everyone who may approve `file` (lower-case). */
  approvers(file: string): Set<string>;
  /** The approvers of the closest OWNERS file with approvers (lower-case). */
  leafApprovers(file: string): Set<string>;
  isNoParentOwners(dir: string): boolean;
  isAutoApproveUnownedSubfolders(dir: string): boolean;
}

const parentDir = (d: string): string => {
  const i = d.lastIndexOf('/');
  return i < 0 ? '' : d.slice(0, i);
};

function sorted(s: Iterable<string>): string[] {
  return [...s].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function addAll(map: Map<string, Set<string>>, key: string, values: Iterable<string>): void {
  let s = map.get(key);
  if (!s) map.set(key, (s = new Set()));
  for (const v of values) s.add(v);
}

/** person → the directories they may approve. */
export function reverseMap(byDir: ReadonlyMap<string, ReadonlySet<string>>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [dir, people] of byDir) for (const p of people) addAll(out, p, [dir]);
  return out;
}

/** The OWNERS side of one PR: which directories need approval and who may give it. */
export class ApprovalOwners {
  /** True when the PR changes at least one file (a PR with no files is never approved). */
  readonly hasFiles: boolean;
  /** The directories that need an approval, sorted. */
  readonly dirs: readonly string[];
  /** dir → everyone who may approve some of its files (upstream's GetApprovers). */
  readonly approversByDir: ReadonlyMap<string, ReadonlySet<string>>;
  /** dir → the closest approvers of its files (upstream's GetLeafApprovers). */
  readonly leafByDir: ReadonlyMap<string, ReadonlySet<string>>;
  /** dir → the distinct approver sets of its files: each must contain an approver for the dir to be approved. */
  private readonly needs: Map<string, Set<string>[]>;
  /** person → each (dir, index into needs[dir]) whose set names them. */
  private readonly memberOf = new Map<string, { dir: string; i: number }[]>();

  constructor(files: readonly string[], owners: OwnersView) {
    this.hasFiles = files.length > 0;
    // A file in a subfolder with no approvers of its own, under an OWNERS file that says
    // auto_approve_unowned_subfolders, needs no approval.
    const perFile = files.map((f) => ({ dir: owners.approverOwnersDir(f) ?? '', file: f }))
      .filter(({ dir, file }) => !(dir !== file && parentDir(file) !== dir && owners.isAutoApproveUnownedSubfolders(dir)));
    const dirSet = new Set(perFile.map((p) => p.dir));
    // A directory below another one in the set needs no approval of its own (its approvers' chain includes the
    // upper one's), unless an OWNERS file on the way says no_parent_owners.
    for (const dir of sorted(dirSet)) {
      let p = dir;
      while (p !== '' && !owners.isNoParentOwners(p)) {
        p = parentDir(p);
        if (dirSet.has(p)) {
          dirSet.delete(dir);
          break;
        }
      }
    }
    const approversByDir = new Map<string, Set<string>>();
    const leafByDir = new Map<string, Set<string>>();
    const needs = new Map<string, Map<string, Set<string>>>();
    for (const { dir, file } of perFile) {
      if (!dirSet.has(dir)) continue;
      const all = owners.approvers(file);
      addAll(approversByDir, dir, all);
      addAll(leafByDir, dir, owners.leafApprovers(file));
      let byKey = needs.get(dir);
      if (!byKey) needs.set(dir, (byKey = new Map()));
      // Insertion order follows the OWNERS chain, so files with the same chain give the same key (a set met twice in
      // another order is only checked twice).
      const key = [...all].join(',');
      if (!byKey.has(key)) byKey.set(key, all);
    }
    this.dirs = sorted(dirSet);
    this.approversByDir = approversByDir;
    this.leafByDir = leafByDir;
    this.needs = new Map([...needs].map(([d, m]) => [d, [...m.values()]]));
    for (const [dir, sets] of this.needs) {
      sets.forEach((set, i) => {
        for (const p of set) {
          let l = this.memberOf.get(p);
          if (!l) this.memberOf.set(p, (l = []));
          l.push({ dir, i });
        }
      });
    }
  }

  /** What is left to approve once `approvers` have: updated person by person (the set cover adds one at a time). */
  coverage(approvers: Iterable<string> = []): Coverage {
    const c = new Coverage(this.needs, this.memberOf);
    for (const a of approvers) c.add(a);
    return c;
  }

  /** The directories `approvers` (lower-case logins) leave unapproved. */
  unapprovedDirs(approvers: Iterable<string>): Set<string> {
    return new Set(this.coverage(approvers).unapproved.keys());
  }

  /** Greedy set cover: approvers from `potential` (in that order of preference) until every directory is covered. */
  suggestApprovers(reverse: ReadonlyMap<string, ReadonlySet<string>>, potential: readonly string[]): Set<string> {
    const chosen = new Set<string>();
    const left = this.coverage();
    for (;;) {
      const unapproved = left.unapproved;
      if (this.hasFiles && unapproved.size === 0) return chosen;
      let best = '';
      let max = 0;
      for (const person of potential) {
        const can = reverse.get(person);
        if (!can || chosen.has(person)) continue;
        let covered = 0;
        for (const d of can) if (unapproved.has(d)) covered++;
        // As upstream: the bar is the best candidate's total count of directories, which favours people who cover
        // many directories, not only the unapproved ones.
        if (covered > max) {
          max = can.size;
          best = person;
        }
      }
      if (best === '') return chosen;
      chosen.add(best);
      left.add(best);
    }
  }

  /** Of the suggested approvers, those who would approve something `known` leaves unapproved. */
  keepCovering(reverse: ReadonlyMap<string, ReadonlySet<string>>, known: ReadonlySet<string>, potential: readonly string[]): Set<string> {
    const unapproved = this.unapprovedDirs(known);
    const kept = new Set<string>();
    for (const s of sorted(this.suggestApprovers(reverse, potential))) {
      if ([...(reverse.get(s) ?? [])].some((d) => unapproved.has(d))) kept.add(s);
    }
    return kept;
  }
}

/** The approver sets of each directory that nobody has covered yet. */
export class Coverage {
  /** dir → indexes of its sets still without an approver (a dir is approved once it has none left). */
  readonly unapproved = new Map<string, Set<number>>();

  constructor(needs: ReadonlyMap<string, readonly Set<string>[]>, private readonly memberOf: ReadonlyMap<string, readonly { dir: string; i: number }[]>) {
    for (const [dir, sets] of needs) this.unapproved.set(dir, new Set(sets.map((_, i) => i)));
  }

  add(person: string): void {
    for (const { dir, i } of this.memberOf.get(person) ?? []) {
      const left = this.unapproved.get(dir);
      if (!left) continue;
      left.delete(i);
      if (left.size === 0) this.unapproved.delete(dir);
    }
  }
}

export interface Approval {
  /** As the user wrote it (GitHub's case). */
  login: string;
  how: 'Approved' | 'LGTM' | 'Author self-approved';
  reference: string;
  noIssue: boolean;
}

/** The approvals of one PR against its OWNERS (upstream's Approvers). */
export class Approvals {
  associatedIssue = 0;
  requireIssue = false;
  /** The approved label was added by a person: approval requirements are bypassed. Read lazily (it costs a request). */
  manuallyApproved: () => boolean = () => false;
  private readonly approvals = new Map<string, Approval>();
  private readonly assignees = new Set<string>();
  private ccs: string[] | undefined;
  private unapproved: Set<string> | undefined;

  constructor(readonly owners: ApprovalOwners, private readonly seed: number) {}

  /** The latest approval wins, except that a no-issue approval is not replaced by a plain one. */
  add(login: string, how: Approval['how'], reference: string, noIssue: boolean): void {
    const key = login.toLowerCase();
    const prior = this.approvals.get(key);
    if (prior?.noIssue && !noIssue) return;
    this.approvals.set(key, { login, how, reference, noIssue });
    this.ccs = undefined;
    this.unapproved = undefined;
  }

  remove(login: string): void {
    this.approvals.delete(login.toLowerCase());
    this.ccs = undefined;
    this.unapproved = undefined;
  }

  addAssignees(...logins: string[]): void {
    for (const l of logins) this.assignees.add(l.toLowerCase());
    this.ccs = undefined;
  }

  /** Lower-case logins of everyone who approved. */
  current(): Set<string> {
    return new Set(this.approvals.keys());
  }

  unapprovedDirs(): Set<string> {
    return (this.unapproved ??= this.owners.unapprovedDirs(this.current()));
  }

  areFilesApproved(): boolean {
    return this.owners.hasFiles && this.unapprovedDirs().size === 0;
  }

  /** "no-issue" approvals by people who may approve some directory of this PR. */
  noIssueApprovals(): Approval[] {
    const rev = reverseMap(this.owners.approversByDir);
    return sorted(this.approvals.keys()).map((k) => this.approvals.get(k)!).filter((a) => a.noIssue && (rev.get(a.login.toLowerCase())?.size ?? 0) > 0);
  }

  requirementsMet(): boolean {
    return this.areFilesApproved() && (!this.requireIssue || this.associatedIssue !== 0 || this.noIssueApprovals().length > 0);
  }

  isApproved(): boolean {
    return this.requirementsMet() || this.manuallyApproved();
  }

  /** Every approval, by login. */
  list(): Approval[] {
    return sorted(this.approvals.keys()).map((k) => this.approvals.get(k)!);
  }

  /** dir → the logins (as written) of those who approved and may approve it, sorted. */
  dirApprovers(dir: string): string[] {
    const may = this.owners.approversByDir.get(dir) ?? new Set();
    return sorted([...this.approvals.values()].filter((a) => may.has(a.login.toLowerCase())).map((a) => a.login));
  }

  /**
   * Who to ask: leaf approvers covering what current approvers and assignees leave unapproved, plus the assignees
   * that still cover something once those are counted (upstream's GetCCs), sorted.
   */
  suggestions(): string[] {
    if (this.ccs) return this.ccs;
    const o = this.owners;
    const potential = shuffle(sorted(new Set([...o.leafByDir.values()].flatMap((s) => [...s]))), seededRandom(this.seed));
    const current = this.current();
    const suggested = o.keepCovering(reverseMap(o.leafByDir), new Set([...current, ...this.assignees]), potential);
    const approversAndSuggested = new Set([...current, ...suggested]);
    const everyone = new Set([...approversAndSuggested, ...this.assignees]);
    const keepAssignees = o.keepCovering(reverseMap(o.approversByDir), approversAndSuggested, sorted(everyone));
    return (this.ccs = sorted(new Set([...suggested, ...keepAssignees])));
  }

  /** Suggested approvers already assigned. */
  assignedSuggestions(): string[] {
    return this.suggestions().filter((s) => this.assignees.has(s));
  }

  /** Suggested approvers not assigned yet. */
  unassignedSuggestions(): string[] {
    return this.suggestions().filter((s) => !this.assignees.has(s));
  }
}
