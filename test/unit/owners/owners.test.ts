// OWNERS through real git: the fake GitHub's repositories are cloned by the reader at a commit.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OwnersReader } from '../../../src/owners/reader.js';
import type { Config, PluginsConfig } from '../../../src/config/types.js';
import { FakeGitHub } from '../../fakes/github/index.js';

const FILES = {
  'OWNERS': 'approvers: [alice, sig-leads]\nreviewers: [Bob]\nlabels: [area/root]\n',
  'OWNERS_ALIASES': 'aliases:\n  sig-leads: [Carol, dave]\n',
  'README.md': 'hi\n',
  'pkg/OWNERS': 'approvers: [erin]\nreviewers: [frank]\nrequired_reviewers: [grace]\nemeritus_approvers: [old]\nlabels: [area/pkg, do-not-merge/hold]\nfilters:\n  "\\\\.go$":\n    reviewers: [gopher]\n    labels: [lang/go]\n',
  'pkg/a.go': 'package a\n',
  'isolated/OWNERS': 'options:\n  no_parent_owners: true\napprovers: [ivan]\n',
  'broken/OWNERS': 'approvers:\n  - x\n reviewers: [y]\n',
  'third_party/lib/OWNERS': 'approvers: [mallory]\n',
  'docs/guide.md': '---\napprovers: [writer]\nreviewers: [editor]\nlabels: [kind/docs]\n---\n# Guide\n\n---\nnot front matter\n',
  'docs/plain.md': '# no front matter\n',
  'docs/solo.md': '---\noptions:\n  no_parent_owners: true\napprovers: [hermit]\n---\n',
};

describe('OWNERS', () => {
  let gh: FakeGitHub;
  let dir: string;
  let reader: OwnersReader;
  let sha: string;
  const config: Config = { owners_dir_denylist: { default: ['^third_party'] } };
  const pc: PluginsConfig = { owners: { labels_denylist: ['do-not-merge/hold'], filenames: { 'org/custom': { owners: 'MAINTAINERS' } }, skip_collaborators: ['org/repo'] } };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'owners-'));
    gh = await FakeGitHub.start();
    gh.addOrg('org');
    await gh.createRepo('org', 'repo', { files: FILES, defaultBranch: 'main' });
    await gh.createRepo('org', 'custom', { files: { 'MAINTAINERS': 'approvers: [zed]\n', 'OWNERS': 'approvers: [nobody]\n' }, defaultBranch: 'main' });
    reader = new OwnersReader({ cacheDir: path.join(dir, 'cache'), cloneURI: (o, r) => gh.cloneUrl(o, r) });
    sha = (await gh.branchSha('org', 'repo', 'main'))!;
  });
  afterAll(async () => {
    await gh.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const sorted = (s: Set<string>): string[] => [...s].sort();

  it('answers approvers, leaf approvers, reviewers, required reviewers, emeritus and labels per file, aliases expanded', async () => {
    const o = await reader.ownersAt(config, pc, 'org', 'repo', sha);
    expect(sorted(o.approvers('pkg/a.go'))).toEqual(['alice', 'carol', 'dave', 'erin']);
    expect(sorted(o.leafApprovers('pkg/a.go'))).toEqual(['erin']);
    expect(o.approverOwnersDir('pkg/a.go')).toBe('pkg');
    expect(sorted(o.reviewers('pkg/a.go'))).toEqual(['bob', 'frank', 'gopher']);
    expect(sorted(o.reviewers('pkg/notes.txt'))).toEqual(['bob', 'frank']);
    expect(sorted(o.leafReviewers('pkg/a.go'))).toEqual(['frank', 'gopher']);
    expect(sorted(o.requiredReviewers('pkg/a.go'))).toEqual(['grace']);
    expect(sorted(o.emeritusApprovers('pkg/a.go'))).toEqual(['old']);
    // do-not-merge/hold is in labels_denylist.
    expect(sorted(o.labels('pkg/a.go'))).toEqual(['area/pkg', 'area/root', 'lang/go']);
    expect(o.isApprover('Carol', 'README.md')).toBe(true);
    expect(o.isApprover('erin', 'README.md')).toBe(false);
    expect(o.skipCollaborators).toBe(true);
  });

  it('stops at no_parent_owners and ignores directories on owners_dir_denylist', async () => {
    const o = await reader.ownersAt(config, pc, 'org', 'repo', sha);
    expect(sorted(o.approvers('isolated/x/y.txt'))).toEqual(['ivan']);
    expect(sorted(o.approvers('third_party/lib/x.c'))).toEqual(['alice', 'carol', 'dave']);
  });

  it('groups a set of files by the OWNERS file whose approvers govern them', async () => {
    const o = await reader.ownersAt(config, pc, 'org', 'repo', sha);
    const m = o.approversForFiles(['pkg/a.go', 'README.md', 'isolated/z', 'pkg/b.go']);
    expect([...m.keys()].sort()).toEqual(['', 'isolated', 'pkg']);
    expect(sorted(m.get('pkg')!)).toEqual(['erin']);
    expect(sorted(m.get('')!)).toEqual(['alice', 'carol', 'dave']);
  });

  it('reports a broken OWNERS file by name and line, and resolves the rest of the tree', async () => {
    const o = await reader.ownersAt(config, pc, 'org', 'repo', sha);
    expect(o.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^broken\/OWNERS: line 3: invalid YAML/)]);
    expect(sorted(o.approvers('broken/file'))).toEqual(['alice', 'carol', 'dave']);
  });

  it('reads Markdown front matter as the owners of that file in owners.mdyamlrepos repos only', async () => {
    const plain = await reader.ownersAt(config, pc, 'org', 'repo', sha);
    expect(sorted(plain.approvers('docs/guide.md'))).toEqual(['alice', 'carol', 'dave']);
    const md = await reader.ownersAt(config, { ...pc, owners: { ...pc.owners, mdyamlrepos: ['org/repo'] } }, 'org', 'repo', sha);
    expect(sorted(md.approvers('docs/guide.md'))).toEqual(['alice', 'carol', 'dave', 'writer']);
    expect(sorted(md.leafApprovers('docs/guide.md'))).toEqual(['writer']);
    expect(sorted(md.reviewers('docs/guide.md'))).toEqual(['bob', 'editor']);
    expect(sorted(md.labels('docs/guide.md'))).toEqual(['area/root', 'kind/docs']);
    // Only that file: its neighbours keep the directory's owners; no_parent_owners in front matter stops the climb.
    expect(sorted(md.approvers('docs/plain.md'))).toEqual(['alice', 'carol', 'dave']);
    expect(sorted(md.approvers('docs/solo.md'))).toEqual(['hermit']);
    expect(md.errors.map((e) => e.file)).toEqual(['broken/OWNERS']);
  });

  it('reads custom OWNERS file names, and caches by SHA', async () => {
    const customSha = (await gh.branchSha('org', 'custom', 'main'))!;
    const o = await reader.ownersAt(config, pc, 'org', 'custom', customSha);
    expect(sorted(o.approvers('x'))).toEqual(['zed']);
    expect(await reader.ownersAt(config, pc, 'org', 'custom', customSha)).toBe(o);
    const next = await gh.pushCommit('org', 'custom', 'main', { 'MAINTAINERS': 'approvers: [zed, yan]\n' });
    expect(sorted((await reader.ownersAt(config, pc, 'org', 'custom', next)).approvers('x'))).toEqual(['yan', 'zed']);
  });
});
