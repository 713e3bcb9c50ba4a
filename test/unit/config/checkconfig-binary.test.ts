// `prow checkconfig` as users run it: the built binary (npm test builds first), its output and exit code.
import { afterEach, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REFERENCE_DIR, TempDir } from './temp.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/src/cli/main.js');

function prow(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (err as unknown as { code: unknown }).code : 0;
      resolve({ code: typeof code === 'number' ? code : -1, stdout, stderr });
    });
  });
}

let tmp: TempDir;
afterEach(() => tmp?.cleanup());

describe('prow checkconfig (binary)', () => {
  it('exits 0 and prints the summary for a good config', async () => {
    const r = await prow(['checkconfig', '--config-path', path.join(REFERENCE_DIR, 'checkconfig-combined.yaml')]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').pop()).toBe('13 presubmits, 2 postsubmits, 0 periodics, 7 repos');
  });

  it('exits 1 listing every error, the summary last; --strict=false keeps warnings warnings', async () => {
    tmp = new TempDir();
    const cfg = tmp.write('config.yaml', 'sinker:\n  resync_period: 2d\n  max_pod_age: 3d\n  typo: 1\n');
    const r = await prow(['checkconfig', '--config-path', cfg, '--strict=false']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toEqual([
      `warning: ${cfg}: sinker.typo: unknown field "typo"`,
      `error: ${cfg}: sinker.resync_period: time: unknown unit "d" in duration "2d"`,
      `error: ${cfg}: sinker.max_pod_age: time: unknown unit "d" in duration "3d"`,
      '0 presubmits, 0 postsubmits, 0 periodics, 0 repos',
    ]);
  });

  it('reports each unreadable, unparsable or empty job file, in the order the files are read', async () => {
    tmp = new TempDir();
    const job = (name: string): string => `presubmits:\n  org/repo:\n  - name: ${name}\n    spec: {containers: [{image: a, command: [b]}]}\n`;
    const cfg = tmp.write('config.yaml', `prowjob_namespace: prow\n${job('in-config')}`);
    for (let i = 0; i < 40; i++) tmp.write(`jobs/d${i % 4}/ok-${i}.yaml`, job(`ok-${i}`));
    const broken = tmp.write('jobs/d1/broken.yaml', 'presubmits:\n  org/repo: [{name: x\n');
    const empty = tmp.write('jobs/d2/empty.yaml', '');
    const list = tmp.write('jobs/d3/list.yaml', '[1, 2]\n');
    const dangling = tmp.path('jobs/d3/dangling.yaml');
    symlinkSync(tmp.path('nowhere.yaml'), dangling);
    const r = await prow(['checkconfig', '--config-path', cfg, '--job-config-path', tmp.path('jobs')]);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      `error: ${broken}: invalid YAML: unexpected end of the stream within a flow collection (3:1)`,
      `error: ${empty}: is empty: write {} to mean a file with no settings`,
      `error: ${dangling}: cannot read: ENOENT: no such file or directory, open '${dangling}'`,
      `error: ${list}: must be a YAML mapping`,
      '41 presubmits, 0 postsubmits, 0 periodics, 1 repos',
    ]);
    // The same file as core config and as job config: read (and its jobs counted) twice, as before.
    const twice = await prow(['checkconfig', '--config-path', cfg, '--job-config-path', cfg]);
    expect(twice.stdout.trim().split('\n')).toEqual([`error: ${cfg}: presubmits["org/repo"][1]: duplicated presubmit job: in-config`, '2 presubmits, 0 postsubmits, 0 periodics, 1 repos']);
  });

  it('loads none of the libraries only the roles need (logging, metrics, the GitHub and Kubernetes clients)', async () => {
    tmp = new TempDir();
    // A module hook that records every module the process resolves.
    const seen = tmp.path('resolved.txt');
    const hooks = tmp.write('hooks.mjs', `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(seen)}, r.url + '\\n'); return r; }\n`);
    const register = tmp.write('register.mjs', `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hooks}`)});\n`);
    const cfg = tmp.write('config.yaml', 'prowjob_namespace: prow\n');
    const plugins = tmp.write('plugins.yaml', 'plugins:\n  org: [trigger, lgtm, approve, lifecycle, config-updater, blunderbuss]\n');
    const r = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(process.execPath, ['--import', register, BIN, 'checkconfig', '--config-path', cfg, '--plugin-config', plugins], { timeout: 60_000 }, (err, stdout) =>
        resolve({ code: err ? 1 : 0, stdout }));
    });
    expect(r.stdout).toContain('0 presubmits');
    const modules = readFileSync(seen, 'utf8');
    expect(modules).toContain('/js-yaml/');
    for (const heavy of ['/winston/', '/prom-client/', '/octokit/', '/@kubernetes/client-node/', '/node_modules/yaml/', '/ajv/dist/ajv']) expect(modules).not.toContain(heavy);
  });
});
