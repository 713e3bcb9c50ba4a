import { describe, it, expect, afterEach } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { git } from '../../../src/git/exec.js';
import { pullRequestRefs } from '../../../src/api/refs.js';
import { cloneRefs, formatRecords, pathForRefs } from '../../../src/executor/podutils/clonerefs.js';
import { makeOrigin, type Origin } from './git-fixture.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(pulls?: Record<number, string>): Promise<{ origin: Origin; dir: string }> {
  const origin = await makeOrigin(pulls);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'clonerefs-'));
  cleanups.push(origin.cleanup, () => rm(dir, { recursive: true, force: true }));
  return { origin, dir };
}

describe('clonerefs', () => {
  it('checks out the base SHA and merges each pull in order', async () => {
    const { origin, dir } = await setup({ 1: 'one.txt', 2: 'two.txt' });
    const refs = {
      org: 'o',
      repo: 'r',
      base_ref: 'main',
      base_sha: origin.baseSha,
      clone_uri: origin.bare,
      pulls: [
        { number: 1, author: 'a', sha: origin.pulls[1] },
        { number: 2, author: 'b', sha: origin.pulls[2] },
      ],
    };
    const log = path.join(dir, 'logs', 'clone.json');
    const records = await cloneRefs({ src_root: dir, log, refs: [refs] });
    expect(records[0].failed).toBe(false);
    const repo = pathForRefs(dir, refs);
    expect(repo).toBe(path.join(dir, 'src', 'github.com', 'o', 'r'));
    const parents = (await git(['log', '--format=%P', '-n', '1'], { cwd: repo })).stdout.trim().split(' ');
    expect(parents[1]).toBe(origin.pulls[2]);
    // Merge commits are dated from the base commit, so the same refs give the same SHA on every run.
    const again = await cloneRefs({ src_root: path.join(dir, 'again'), log: path.join(dir, 'again.json'), refs: [refs] });
    expect(again[0].final_sha).toBe(records[0].final_sha);
    const history = (await git(['log', '--format=%H'], { cwd: repo })).stdout;
    expect(history).toContain(origin.baseSha);
    expect(history).toContain(origin.pulls[1]);
    expect(await readFile(path.join(repo, 'one.txt'), 'utf8')).toBe('pull 1\n');
    expect(await readFile(path.join(repo, 'two.txt'), 'utf8')).toBe('pull 2\n');
    expect((await git(['rev-parse', '--abbrev-ref', 'HEAD'], { cwd: repo })).stdout.trim()).toBe('main');
    expect(records[0].final_sha).toBe((await git(['rev-parse', 'HEAD'], { cwd: repo })).stdout.trim());
    const written = JSON.parse(await readFile(log, 'utf8')) as typeof records;
    expect(written[0].refs.org).toBe('o');
    expect(written[0].commands.some((c) => c.command.startsWith('git merge'))).toBe(true);
  });

  it('clones a fork PR from the refs trigger makes (ref empty, head branch only in the fork)', async () => {
    const { origin, dir } = await setup({ 7: 'fork.txt' });
    // A fork's branch is not in the base repository: only refs/pull/7/head is.
    await git(['update-ref', '-d', 'refs/heads/pr7'], { cwd: origin.bare });
    const refs = pullRequestRefs({
      org: 'o', repo: 'r', repoLink: 'https://github.com/o/r', baseRef: 'main', baseSha: origin.baseSha,
      number: 7, author: 'forker', headSha: origin.pulls[7], headRef: 'pr7',
    });
    expect(refs.pulls?.[0].ref).toBeUndefined();
    const records = await cloneRefs({ src_root: dir, log: path.join(dir, 'clone.json'), refs: [{ ...refs, clone_uri: origin.bare }] });
    expect(records[0].failed).toBe(false);
    expect(await readFile(path.join(pathForRefs(dir, refs), 'fork.txt'), 'utf8')).toBe('pull 7\n');
  });

  it('honours path_alias, extra refs and clone_depth', async () => {
    const { origin, dir } = await setup();
    const records = await cloneRefs({
      src_root: dir,
      log: path.join(dir, 'clone.json'),
      refs: [
        { org: 'o', repo: 'r', base_ref: 'main', clone_uri: origin.bare, path_alias: 'k8s.io/r' },
        { org: 'o', repo: 'other', base_ref: 'main', clone_uri: `file://${origin.bare}`, clone_depth: 1, workdir: true },
      ],
    });
    expect(records.map((r) => r.failed)).toEqual([false, false]);
    expect(await readFile(path.join(dir, 'src', 'k8s.io', 'r', 'base.txt'), 'utf8')).toBe('base\n');
    const shallow = path.join(dir, 'src', 'github.com', 'o', 'other');
    expect((await git(['rev-list', '--count', 'HEAD'], { cwd: shallow })).stdout.trim()).toBe('1');
  });

  it('records a failure instead of throwing, and formats it as upstream', async () => {
    const { dir } = await setup();
    const log = path.join(dir, 'clone.json');
    const records = await cloneRefs({ src_root: dir, log, refs: [{ org: 'o', repo: 'r', base_ref: 'main', clone_uri: path.join(dir, 'missing.git') }] });
    expect(records[0].failed).toBe(true);
    const last = records[0].commands[records[0].commands.length - 1];
    expect(last.command).toMatch(/^git fetch/);
    expect(last.error).not.toBe('');
    const text = formatRecords(records);
    expect(text.startsWith('# FAILED!\n# Cloning o/r at main\n')).toBe(true);
    expect(text).toContain('$ git init');
    expect(text).toContain('# Error: ');
  });

  it('fails a pull that does not merge cleanly', async () => {
    const { origin, dir } = await setup({ 1: 'base.txt' });
    const records = await cloneRefs({
      src_root: dir,
      log: path.join(dir, 'clone.json'),
      refs: [{ org: 'o', repo: 'r', base_ref: 'main', base_sha: origin.baseSha, clone_uri: origin.bare, pulls: [{ number: 1, author: 'a', sha: origin.pulls[1] }] }],
    });
    expect(records[0].failed).toBe(true);
    expect(records[0].commands.find((c) => c.command.startsWith('git merge --no-ff'))?.error).not.toBe('');
  });
});
