// golint: without the tool, /lint gets a clear reply; with a golint on PATH (a script standing in for the real one,
// printing `file:line:col: text` as golint does), warnings on added lines become review comments at diff positions.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from '@jest/globals';
import { golint } from '../../../plugins/golint/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases, type PluginTester } from '../../support/plugin-tester.js';

const bin = mkdtempSync(path.join(os.tmpdir(), 'fake-golint-'));
// Warns on every line containing "Bad" (file:line:col: message), and once on line 1 of each file (not added).
writeFileSync(path.join(bin, 'golint'), '#!/bin/sh\nshift\nfor f in "$@"; do grep -n Bad "$f" | while IFS=: read n rest; do echo "$f:$n:1: exported func Bad should have comment or be unexported"; done; echo "$f:1:1: should not use dot imports"; done\n');
chmodSync(path.join(bin, 'golint'), 0o755);
const withTool = async <T>(fn: () => Promise<T>): Promise<T> => {
  const old = process.env.PATH;
  process.env.PATH = `${bin}${path.delimiter}${old ?? ''}`;
  try {
    return await fn();
  } finally {
    process.env.PATH = old;
  }
};
const comment = (body: string) => (gh: FakeGitHub) => gh.comment('org', 'repo', 1, 'alice', body);

pluginCases('golint', {
  plugin: golint, plugins: 'plugins:\n  org: [golint]\ngolint:\n  minimum_confidence: 0.5\n', inRepoConfig: false,
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice'] });
    await gh.createRepo('org', 'repo', { files: { 'a.go': 'package a\n\nfunc Good() {}\n' }, defaultBranch: 'main' });
    await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'a.go': 'package a\n\nfunc Good() {}\n\nfunc Bad() {}\n' } });
  },
}, [
  { name: 'without golint installed /lint gets a clear reply', act: comment('/lint'), comments: ['@alice: I cannot run golint: it is not installed where I run.'] },
  {
    name: 'with golint, warnings on added lines are review comments at their diff position',
    act: async () => undefined,
    check: async (_out, t: PluginTester) => {
      const out = await withTool(() => t.act(comment('/lint')));
      expect(out.errors).toEqual([]);
      const review = out.writes.find((w) => w.method === 'POST' && w.path.endsWith('/reviews'))!.body as { body: string; comments: unknown[] };
      expect(review.body).toMatch(/^@alice: 1 warning\./);
      expect(review.comments).toEqual([{ path: 'a.go', position: 5, body: 'Golint: exported func Bad should have comment or be unexported. <!-- golint -->' }]);
    },
  },
]);
