// The bare-repository helpers: commits with files, refs, diffs, and GitHub's merge methods, checked with git.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { GitRepos, MergeConflictError, type BareRepo } from '../../fakes/git/index.js';

describe('bare repositories', () => {
  let repos: GitRepos;
  let repo: BareRepo;
  let base: string;

  beforeEach(async () => {
    repos = await GitRepos.create();
    repo = await repos.init('org', 'repo');
    base = await repo.commit({ ref: 'main', files: { 'README.md': 'a\nb\n', 'dir/x.txt': 'x\n' }, message: 'initial' });
  });

  afterEach(async () => {
    await repos.cleanup();
  });

  it('makes commits with given files on top of a parent and moves refs', async () => {
    const head = await repo.commit({ parent: base, ref: 'refs/pull/1/head', files: { 'new.txt': 'n\n', 'dir/x.txt': null }, message: 'change', author: { name: 'Alice', email: 'alice@example.com' } });
    expect(await repo.resolve('refs/pull/1/head')).toBe(head);
    expect(await repo.resolve('main')).toBe(base);
    expect((await repo.readFile(head, 'new.txt'))?.toString()).toBe('n\n');
    expect(await repo.readFile(head, 'dir/x.txt')).toBeNull();
    expect((await repo.readFile(head, 'README.md'))?.toString()).toBe('a\nb\n');
    const info = await repo.commitInfo(head);
    expect(info).toMatchObject({ parents: [base], message: 'change', author: { name: 'Alice', email: 'alice@example.com' } });
    expect((await repo.listRefs('refs/pull/')).map((r) => r.ref)).toEqual(['refs/pull/1/head']);
    expect((await repo.listDir(head, ''))?.map((e) => `${e.type}:${e.name}`)).toEqual(['file:README.md', 'file:new.txt']);
  });

  it('reads branches and pull refs as git does: loose, packed, moved by a push, deleted', async () => {
    const head = await repo.commit({ parent: base, ref: 'refs/pull/7/head', files: { 'p.txt': 'p\n' } });
    const agrees = async (ref: string): Promise<void> => {
      const byGit = await repo.run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).then((r) => r.stdout.trim(), () => null);
      expect(await repo.resolve(ref)).toBe(byGit);
    };
    for (const ref of ['refs/heads/main', 'refs/pull/7/head', 'refs/heads/nope', 'refs/heads/main/x']) await agrees(ref);
    await repo.run(['pack-refs', '--all']);
    for (const ref of ['refs/heads/main', 'refs/pull/7/head', 'refs/heads/nope']) await agrees(ref);
    // Moved outside this class (as a client's git push does), then deleted.
    const clone = await repos.init('org', 'other');
    await clone.run(['fetch', '--quiet', repo.path, `${head}:refs/heads/main`]);
    await clone.run(['push', '--quiet', repo.path, 'refs/heads/main:refs/heads/main']);
    expect(await repo.resolve('refs/heads/main')).toBe(head);
    await agrees('refs/heads/main');
    await repo.deleteRef('refs/pull/7/head');
    expect(await repo.resolve('refs/pull/7/head')).toBeNull();
    expect(await repo.resolve(head)).toBe(head);
    expect(await repo.resolve('0'.repeat(40))).toBeNull();
  });

  it('reports changed files with stats and patches against the merge base', async () => {
    const head = await repo.commit({ parent: base, files: { 'README.md': 'a\nB\nc\n', 'added.txt': '1\n2\n' } });
    await repo.commit({ ref: 'main', files: { 'other.txt': 'o\n' } });
    const files = await repo.changedFiles('main', head);
    expect(files.map((f) => [f.filename, f.status, f.additions, f.deletions])).toEqual([
      ['README.md', 'modified', 2, 1],
      ['added.txt', 'added', 2, 0],
    ]);
    expect(files[0].patch).toMatch(/^@@ .* @@\n a\n-b\n\+B\n\+c$/);
    expect((await repo.commitsBetween('main', head)).map((c) => c.sha)).toEqual([head]);
  });

  it('merges, squashes and rebases like GitHub, and refuses conflicts without moving the branch', async () => {
    const pr = await repo.commit({ parent: base, ref: 'refs/pull/1/head', files: { 'p.txt': 'p\n' } });
    await repo.commit({ ref: 'main', files: { 'm.txt': 'm\n' } });
    const tip = (await repo.resolve('main'))!;
    const merged = await repo.mergeInto('main', 'refs/pull/1/head', 'merge', 'Merge pull request #1');
    expect((await repo.commitInfo(merged))?.parents).toEqual([tip, pr]);

    const pr2 = await repo.commit({ parent: base, ref: 'refs/pull/2/head', files: { 'q.txt': 'q\n' } });
    const squashed = await repo.mergeInto('main', 'refs/pull/2/head', 'squash', 'Two (#2)');
    expect((await repo.commitInfo(squashed))).toMatchObject({ parents: [merged], message: 'Two (#2)' });
    expect(squashed).not.toBe(pr2);

    await repo.commit({ parent: base, ref: 'refs/pull/3/head', files: { 'r.txt': 'r\n' } });
    const rebased = await repo.mergeInto('main', 'refs/pull/3/head', 'rebase', '');
    expect((await repo.commitInfo(rebased))?.parents).toEqual([squashed]);
    expect((await repo.readFile('main', 'r.txt'))?.toString()).toBe('r\n');

    await repo.commit({ parent: base, ref: 'refs/pull/4/head', files: { 'README.md': 'conflict\n' } });
    await repo.commit({ ref: 'main', files: { 'README.md': 'main side\n' } });
    const before = await repo.resolve('main');
    expect(await repo.mergesCleanly('main', 'refs/pull/4/head')).toBe(false);
    await expect(repo.mergeInto('main', 'refs/pull/4/head', 'merge', 'x')).rejects.toBeInstanceOf(MergeConflictError);
    expect(await repo.resolve('main')).toBe(before);
  });
});
