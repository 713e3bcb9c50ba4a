// buildifier: without the tool, /buildify gets a clear reply; with a buildifier on PATH (a script standing in for
// the real one, answering as `-mode=check` does), the review names each file that needs formatting.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from '@jest/globals';
import { buildifier } from '../../../plugins/buildifier/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases } from '../../support/plugin-tester.js';

const bin = mkdtempSync(path.join(os.tmpdir(), 'fake-buildifier-'));
// Reports every file containing "ugly" as needing a reformat, as `buildifier -mode=check` prints it; exit 4.
writeFileSync(path.join(bin, 'buildifier'), '#!/bin/sh\nshift\nrc=0\nfor f in "$@"; do if grep -q ugly "$f"; then echo "$f # reformat"; rc=4; fi; done\nexit $rc\n');
chmodSync(path.join(bin, 'buildifier'), 0o755);
const withTool = <T>(fn: () => Promise<T>) => async (): Promise<T> => {
  const old = process.env.PATH;
  process.env.PATH = `${bin}${path.delimiter}${old ?? ''}`;
  try {
    return await fn();
  } finally {
    process.env.PATH = old;
  }
};
const comment = (body: string) => (gh: FakeGitHub) => gh.comment('org', 'repo', 1, 'alice', body);
const reviews = (writes: { method: string; path: string; body: unknown }[]) => writes.filter((w) => w.method === 'POST' && w.path.endsWith('/reviews')).map((w) => w.body as { body: string; comments: { path: string; body: string }[] });

pluginCases('buildifier', {
  plugin: buildifier, plugins: 'plugins:\n  org: [buildifier]\n', inRepoConfig: false,
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice'] });
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'BUILD.bazel': 'ugly( )\n', 'lib/defs.bzl': 'def x():\n  pass\n', 'a.go': 'package a\n' } });
  },
}, [
  {
    name: 'without buildifier installed /buildify gets a clear reply',
    act: comment('/buildify'),
    comments: ['@alice: I cannot run buildifier: it is not installed where I run.'],
  },
  {
    name: 'with buildifier, the review has one comment per file that needs formatting',
    act: async () => undefined,
    check: async (_out, t) => {
      const out = await withTool(() => t.act(comment('/buildifier')))();
      expect(out.errors).toEqual([]);
      const [review] = reviews(out.writes);
      expect(review!.body).toMatch(/^@alice: 1 warning\./);
      expect(review!.comments).toEqual([{ path: 'BUILD.bazel', position: 1, body: 'This Bazel file needs formatting, run:\n```shell\nbuildifier -mode=fix "BUILD.bazel"\n```' }]);
    },
  },
  { name: 'other comments are ignored', act: comment('please /buildify'), noWrites: true },
]);
