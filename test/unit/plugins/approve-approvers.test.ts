// Approve's approval model on parsed OWNERS trees: which directories need approval, who covers them, what is
// suggested, and the rules for repeated and no-issue approvals.
import { describe, expect, it } from '@jest/globals';
import { ApprovalOwners, Approvals } from '../../../plugins/approve/approvers.js';
import { approvalsFor, associatedIssue, replayApprovals } from '../../../plugins/approve/handle.js';
import { approveFor } from '../../../plugins/approve/config.js';
import { parseAliases, parseOwners } from '../../../src/owners/parse.js';
import { RepoOwners } from '../../../src/owners/repo-owners.js';

function owners(tree: Record<string, string>, aliases = ''): RepoOwners {
  const files = new Map(Object.entries(tree).map(([dir, text]) => [dir, parseOwners(text, dir ? `${dir}/OWNERS` : 'OWNERS')]));
  return new RepoOwners(files, aliases ? parseAliases(aliases, 'OWNERS_ALIASES') : new Map(), []);
}

const TREE = owners({
  '': 'approvers:\n- root\n',
  a: 'approvers:\n- alice\n',
  'a/deep': 'approvers:\n- dee\n',
  iso: 'options:\n  no_parent_owners: true\napprovers:\n- carol\n',
  'a/iso2': 'options:\n  no_parent_owners: true\napprovers:\n- ivy\n',
  team: 'approvers:\n- devs\n',
}, 'aliases:\n  devs:\n  - Dev1\n  - dev2\n');
const FACTS = { org: 'org', repo: 'repo', number: 7, branch: 'main', baseSha: 'x', body: '', author: 'someone', assignees: [], htmlURL: 'https://github.com/org/repo/pull/7' };

describe('approve: which OWNERS directories need approval', () => {
  it('a directory below another in the set is dropped, unless no_parent_owners stops the climb', () => {
    const o = new ApprovalOwners(['a/x.go', 'a/deep/y.go', 'a/iso2/z.go', 'iso/w.go'], TREE);
    expect(o.dirs).toEqual(['a', 'a/iso2', 'iso']);
  });

  it('an approver up the chain covers a directory; one below does not cover its parent', () => {
    const o = new ApprovalOwners(['a/x.go', 'a/deep/y.go'], TREE);
    expect([...o.unapprovedDirs(new Set(['dee']))]).toEqual(['a']);
    expect([...o.unapprovedDirs(new Set(['root']))]).toEqual([]);
    expect([...new ApprovalOwners(['iso/w.go'], TREE).unapprovedDirs(new Set(['root']))]).toEqual(['iso']);
  });

  it('aliases expand (case-insensitively) to their members', () => {
    const o = new ApprovalOwners(['team/t.go'], TREE);
    expect([...o.unapprovedDirs(new Set(['dev1']))]).toEqual([]);
  });

  it('auto_approve_unowned_subfolders: files in subfolders without approvers need none; the folder\'s own files do', () => {
    const auto = owners({ '': 'approvers:\n- root\n', gen: 'options:\n  auto_approve_unowned_subfolders: true\napprovers:\n- gina\n', 'gen/owned': 'approvers:\n- oz\n' });
    expect(new ApprovalOwners(['gen/out/a.go', 'gen/out/deeper/b.go'], auto).dirs).toEqual([]);
    const ap = new Approvals(new ApprovalOwners(['gen/out/a.go'], auto), 1);
    expect(ap.isApproved()).toBe(true);
    expect(new ApprovalOwners(['gen/a.go', 'gen/out/b.go', 'gen/owned/c.go'], auto).dirs).toEqual(['gen']);
    expect([...new ApprovalOwners(['gen/owned/c.go'], auto).dirs]).toEqual(['gen/owned']);
  });

  it('a PR with no files is never approved', () => {
    const ap = new Approvals(new ApprovalOwners([], TREE), 1);
    ap.add('root', 'Approved', '', false);
    expect(ap.isApproved()).toBe(false);
  });
});

describe('approve: approvals and suggestions', () => {
  const settings = approveFor(undefined, 'org', 'repo');
  const c = (author: string, body: string, reviewState?: string) => ({ author, body, createdAt: '2026-01-01T00:00:00Z', htmlURL: `u-${author}`, ...(reviewState ? { reviewState } : {}) });

  it('the latest word counts; a no-issue approval is not replaced by a plain one', () => {
    const ap = approvalsFor(['a/x.go'], TREE, [c('alice', '/approve no-issue'), c('alice', '/approve'), c('root', '/approve'), c('root', '/approve cancel')], FACTS, settings);
    expect(ap.list().map((a) => [a.login, a.noIssue])).toEqual([['alice', true], ['someone', false]]);
  });

  it('a review approves and a changes-requested review cancels; /remove-approve cancels', () => {
    const ap = new Approvals(new ApprovalOwners(['a/x.go'], TREE), 1);
    replayApprovals(ap, [c('alice', '', 'APPROVED'), c('root', '/approve'), c('root', '/remove-approve'), c('bob', '', 'APPROVED'), c('bob', 'hm', 'CHANGES_REQUESTED')], settings);
    expect(ap.list().map((a) => a.login)).toEqual(['alice']);
  });

  it('suggests a small covering set, the same for the same seed, never more than needed', () => {
    const files = ['a/x.go', 'iso/w.go', 'team/t.go'];
    const one = approvalsFor(files, TREE, [], FACTS, settings).suggestions();
    const again = approvalsFor(files, TREE, [], FACTS, settings).suggestions();
    expect(one).toEqual(again);
    expect(one).toHaveLength(3);
    expect(one).toContain('carol');
    expect(one).toContain('alice');
    expect(one.filter((p) => p === 'dev1' || p === 'dev2')).toHaveLength(1);
  });

  it('an assigned approver who covers more is asked instead of the closest approvers', () => {
    const ap = approvalsFor(['a/x.go', 'team/t.go'], TREE, [], { ...FACTS, assignees: ['root'] }, settings);
    expect(ap.suggestions()).toEqual(['root']);
    expect(ap.assignedSuggestions()).toEqual(['root']);
    expect(ap.unassignedSuggestions()).toEqual([]);
  });

  it('finds the linked issue as upstream does', () => {
    expect(associatedIssue('Fixes #123 and #4', 'org')).toBe(123);
    expect(associatedIssue('see https://github.com/org/other/issues/55', 'org')).toBe(55);
    expect(associatedIssue('see https://github.com/else/other/issues/55', 'org')).toBe(0);
  });
});
