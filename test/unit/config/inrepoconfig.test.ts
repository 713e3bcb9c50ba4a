import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { symlinkSync } from 'node:fs';
import { git } from '../../../src/git/exec.js';
import { ProwYAMLGetter, ProwYAMLError, readProwYAMLFromDir, type Config } from '../../../src/config/index.js';
import { TempDir } from './temp.js';

const ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
const JOB = (name: string, extra = ''): string => `- name: ${name}\n${extra}  spec:\n    containers:\n    - image: alpine\n      command: [make]\n`;

let tmp: TempDir;
let repo: string;

async function run(args: string[]): Promise<string> {
  return (await git(args, { cwd: repo, env: ENV })).stdout.trim();
}

/** Commits the written files on the current branch and returns the SHA. */
async function commit(msg: string): Promise<string> {
  await run(['add', '-A']);
  await run(['commit', '-q', '--allow-empty', '-m', msg]);
  return run(['rev-parse', 'HEAD']);
}

const config = (extra: Partial<Config> = {}): Config => ({
  pod_namespace: 'default',
  in_repo_config: { enabled: { o: true }, allowed_clusters: { '*': ['default'] } },
  presubmits: { 'o/r': [{ name: 'central', context: 'central', trigger: '(?m)^/test central', rerun_command: '/test central', agent: 'kubernetes', cluster: 'default', namespace: 'default', spec: { containers: [{ name: 'test', image: 'a', command: ['x'] }] } }] },
  ...extra,
});

beforeEach(async () => {
  tmp = new TempDir();
  repo = tmp.path('src');
  await git(['init', '-q', '-b', 'main', repo]);
});
afterEach(() => tmp.cleanup());

function getter(): ProwYAMLGetter {
  return new ProwYAMLGetter({ cacheDir: tmp.path('cache'), cloneURI: () => repo });
}

describe('inrepoconfig', () => {
  it('reads .prow.yaml at the base merged with the PR head, defaults it and merges it after the central jobs', async () => {
    tmp.write('src/.prow.yaml', `presubmits:\n${JOB('base-job')}`);
    const base = await commit('base');
    await run(['checkout', '-q', '-b', 'pr']);
    tmp.write('src/.prow.yaml', `presubmits:\n${JOB('base-job')}${JOB('pr-job', '  always_run: true\n')}`);
    const head = await commit('pr');
    await run(['checkout', '-q', 'main']);
    tmp.write('src/other.txt', 'moves main on');
    const base2 = await commit('main moves');

    const g = getter();
    const jobs = await g.presubmits(config(), 'o', 'r', base2, [head]);
    expect(jobs.map((j) => j.name)).toEqual(['central', 'base-job', 'pr-job']);
    expect(jobs[2]).toMatchObject({ context: 'pr-job', rerun_command: '/test pr-job', cluster: 'default', source_path: '.prow.yaml' });
    expect((await g.presubmits(config(), 'o', 'r', base, [])).map((j) => j.name)).toEqual(['central', 'base-job']);
  });

  it('prefers .prow/ over .prow.yaml and reads it recursively', async () => {
    tmp.write('src/.prow.yaml', `presubmits:\n${JOB('ignored')}`);
    tmp.write('src/.prow/a.yaml', `presubmits:\n${JOB('a')}`);
    tmp.write('src/.prow/sub/b.yml', `postsubmits:\n${JOB('b')}`);
    tmp.write('src/.prow/notes.txt', 'not yaml');
    const sha = await commit('dir');
    const y = await getter().get(config(), 'o', 'r', sha);
    expect(y.presubmits.map((j) => j.name)).toEqual(['a']);
    expect(y.postsubmits.map((j) => j.name)).toEqual(['b']);
  });

  it('leaves out files under .prow/ that a .prowignore matches (the root one and those under .prow/), as upstream', async () => {
    tmp.write('src/.prowignore', '# drafts are not jobs\n.prow/drafts/\n*.wip.yaml\n');
    tmp.write('src/.prow/.prowignore', 'sub/*.yaml\n!sub/keep.yaml\n');
    tmp.write('src/.prow/a.yaml', `presubmits:\n${JOB('a')}`);
    tmp.write('src/.prow/drafts/d.yaml', 'not: [valid');
    tmp.write('src/.prow/b.wip.yaml', 'not: [valid');
    tmp.write('src/.prow/sub/skip.yaml', `presubmits:\n${JOB('skipped')}`);
    tmp.write('src/.prow/sub/keep.yaml', `presubmits:\n${JOB('kept')}`);
    const sha = await commit('ignored files');
    const y = await getter().get(config(), 'o', 'r', sha);
    expect(y.presubmits.map((j) => j.name)).toEqual(['a', 'kept']);
    // A checkout on disk (checkconfig --prow-yaml-repo-name) reads the same.
    expect((await readProwYAMLFromDir(repo)).prowYAML.presubmits.map((j) => j.name)).toEqual(['a', 'kept']);
  });

  it('follows symlinks inside .prow/ and refuses ones pointing outside', async () => {
    // Only the link has a YAML name, so the job is read once, through it.
    tmp.write('src/.prow/real/jobs.txt', `presubmits:\n${JOB('linked')}`);
    symlinkSync('real/jobs.txt', tmp.path('src/.prow/link.yaml'));
    const ok = await commit('inside');
    const y = await getter().get(config(), 'o', 'r', ok);
    expect(y.presubmits.map((j) => j.name)).toEqual(['linked']);

    tmp.write('src/secrets.yaml', 'presubmits: []\n');
    symlinkSync('../secrets.yaml', tmp.path('src/.prow/escape.yaml'));
    const bad = await commit('outside');
    await expect(getter().get(config(), 'o', 'r', bad)).rejects.toThrow('symlink points outside .prow/');
  });

  it('is off unless enabled for the repo', async () => {
    tmp.write('src/.prow.yaml', `presubmits:\n${JOB('x')}`);
    const sha = await commit('c');
    const y = await getter().get(config({ in_repo_config: { enabled: { o: true, 'o/r': false } } }), 'o', 'r', sha);
    expect(y.presubmits).toEqual([]);
  });

  it('validates against the central jobs and allowed clusters', async () => {
    tmp.write('src/.prow.yaml', `presubmits:\n${JOB('central')}${JOB('elsewhere', '  cluster: secret\n')}`);
    const sha = await commit('c');
    const err = (await getter().get(config(), 'o', 'r', sha).catch((e: unknown) => e)) as ProwYAMLError;
    expect(err).toBeInstanceOf(ProwYAMLError);
    expect(err.problems.map((p) => p.message)).toEqual(
      expect.arrayContaining(['duplicated presubmit job: central', 'cluster "secret" is not allowed for repository "o/r"']),
    );
  });

  it('reports unknown fields and bad YAML of the repo file', async () => {
    tmp.write('src/.prow.yaml', 'presubmits: [\n');
    const sha = await commit('bad');
    await expect(getter().get(config(), 'o', 'r', sha)).rejects.toThrow('.prow.yaml: failed to unmarshal');
  });

  it('caches by SHAs: a second read does not touch the remote', async () => {
    tmp.write('src/.prow.yaml', `presubmits:\n${JOB('cached')}`);
    const sha = await commit('c');
    let calls = 0;
    const g = new ProwYAMLGetter({ cacheDir: tmp.path('cache'), cloneURI: () => (calls++, repo) });
    await g.get(config(), 'o', 'r', sha);
    const again = await g.get(config(), 'o', 'r', sha);
    expect(calls).toBe(1);
    // Every caller gets its own objects.
    again.presubmits[0]!.name = 'changed';
    expect((await g.get(config(), 'o', 'r', sha)).presubmits[0]!.name).toBe('cached');
  });

  it('fails clearly on a merge conflict', async () => {
    tmp.write('src/.prow.yaml', `presubmits:\n${JOB('a')}`);
    await commit('base');
    await run(['checkout', '-q', '-b', 'pr']);
    tmp.write('src/.prow.yaml', `presubmits:\n${JOB('from-pr')}`);
    const head = await commit('pr');
    await run(['checkout', '-q', 'main']);
    tmp.write('src/.prow.yaml', `presubmits:\n${JOB('from-main')}`);
    const base = await commit('main');
    await expect(getter().get(config(), 'o', 'r', base, [head])).rejects.toThrow('merge conflict');
  });

  it('reads a checkout on disk the same way (checkconfig --prow-yaml-repo-name)', async () => {
    tmp.write('src/.prow/a.yaml', `presubmits:\n${JOB('disk', '  alway_run: true\n')}`);
    const r = await readProwYAMLFromDir(repo);
    expect(r.prowYAML.presubmits.map((j) => j.name)).toEqual(['disk']);
    expect(r.warnings.map((w) => `${w.file}: ${w.path}: ${w.message}`)).toEqual(['.prow/a.yaml: presubmits[0].alway_run: unknown field "alway_run"']);
    symlinkSync('/etc/hostname', tmp.path('src/.prow/abs.yaml'));
    await expect(readProwYAMLFromDir(repo)).rejects.toThrow('symlink points outside .prow/');
  });
});
