// Generates a config of 4,000 jobs over 50 repos (presets, decoration entries, branch and file regexes,
// run_if_changed, periodics) and prints how long loading + defaulting + validating it takes, and the RSS.
//   npm run build && node dist/bench/config-load.js
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { loadConfig } from '../src/config/index.js';

const REPOS = 50;
const JOBS = 4000;
const PERIODICS = 200;

function generate(dir: string): { configPath: string; jobConfigPath: string } {
  const configPath = path.join(dir, 'config.yaml');
  writeFileSync(
    configPath,
    stringify({
      prowjob_namespace: 'prow',
      pod_namespace: 'test-pods',
      plank: {
        job_url_prefix_config: { '*': 'https://prow.example.com/view/' },
        default_decoration_config_entries: [
          {
            config: {
              timeout: '2h',
              grace_period: '15s',
              utility_images: { clonerefs: 'clonerefs:v1', initupload: 'initupload:v1', entrypoint: 'entrypoint:v1', sidecar: 'sidecar:v1' },
              gcs_configuration: { bucket: 's3://logs', path_strategy: 'explicit' },
              s3_credentials_secret: 's3-credentials',
            },
          },
          ...Array.from({ length: 10 }, (_, i) => ({ repo: `org${i % 5}/repo${i}`, config: { timeout: `${i + 1}h` } })),
          { cluster: 'build', config: { grace_period: '1m' } },
        ],
      },
      presets: [
        ...Array.from({ length: 20 }, (_, i) => ({
          labels: { [`preset-${i}`]: 'true' },
          env: [{ name: `PRESET_${i}`, value: String(i) }],
          volumes: [{ name: `vol-${i}`, secret: { secretName: `secret-${i}` } }],
          volumeMounts: [{ name: `vol-${i}`, mountPath: `/etc/preset-${i}`, readOnly: true }],
        })),
        { env: [{ name: 'GLOBAL', value: '1' }] },
      ],
      tide: { queries: [{ orgs: ['org0', 'org1'], labels: ['lgtm', 'approved'], missingLabels: ['do-not-merge/hold'] }] },
    }),
  );
  const jobsDir = path.join(dir, 'jobs');
  const perRepo = Math.ceil((JOBS - PERIODICS) / REPOS);
  let made = 0;
  for (let r = 0; r < REPOS; r++) {
    const repo = `org${r % 5}/repo${r}`;
    const job = (kind: string, i: number): Record<string, unknown> => ({
      name: `${kind}-repo${r}-job${i}`,
      decorate: true,
      labels: { [`preset-${i % 20}`]: 'true', [`preset-${(i + 7) % 20}`]: 'true' },
      branches: i % 3 === 0 ? ['^main$', '^release-\\d+\\.\\d+$'] : undefined,
      skip_branches: i % 3 === 1 ? ['^gh-pages$'] : undefined,
      cluster: i % 4 === 0 ? 'build' : undefined,
      max_concurrency: i % 5,
      spec: {
        containers: [
          {
            image: 'golang:1.22',
            command: ['make'],
            args: ['test', `WHAT=./pkg/${i}/...`],
            env: [{ name: 'GOFLAGS', value: '-mod=vendor' }],
            resources: { requests: { cpu: '2', memory: '4Gi' }, limits: { memory: '8Gi' } },
          },
        ],
      },
    });
    const presubmits: Record<string, unknown>[] = [];
    const postsubmits: Record<string, unknown>[] = [];
    for (let i = 0; i < perRepo && made < JOBS - PERIODICS; i++, made++) {
      if (i % 4 === 3) {
        postsubmits.push({ ...job('post', i), run_if_changed: i % 8 === 3 ? `^pkg/${i}/` : undefined });
      } else {
        const ps = job('pull', i);
        if (i % 3 === 0) ps.always_run = true;
        else if (i % 3 === 1) ps.run_if_changed = `^(pkg/${i}|cmd/[a-z]+)/.*\\.go$`;
        else ps.skip_if_only_changed = '^docs/|\\.md$';
        presubmits.push(ps);
      }
    }
    const file = path.join(jobsDir, `org${r % 5}`, `repo${r}`, `repo${r}-jobs.yaml`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, stringify({ presubmits: { [repo]: presubmits }, postsubmits: { [repo]: postsubmits } }));
  }
  const periodics = Array.from({ length: PERIODICS }, (_, i) => ({
    name: `periodic-${i}`,
    decorate: true,
    ...(i % 2 === 0 ? { interval: `${(i % 23) + 1}h` } : { cron: `${i % 60} ${i % 24} * * *` }),
    extra_refs: [{ org: `org${i % 5}`, repo: `repo${i % REPOS}`, base_ref: 'main' }],
    labels: { [`preset-${i % 20}`]: 'true' },
    spec: { containers: [{ image: 'alpine', command: ['sh', '-c', 'echo hi'] }] },
  }));
  writeFileSync(path.join(jobsDir, 'periodics.yaml'), stringify({ periodics }));
  return { configPath, jobConfigPath: jobsDir };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'prow-bench-config-'));
  try {
    const paths = generate(dir);
    const rssBefore = process.memoryUsage().rss;
    // Wall time and this process's CPU time (the latter is what to compare on a busy shared machine).
    const timings: number[] = [];
    const cpu: number[] = [];
    let jobs = 0;
    let rssFirst = 0;
    for (let run = 0; run < 5; run++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const loaded = await loadConfig(paths);
      timings.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      if (run === 0) rssFirst = process.memoryUsage().rss;
      jobs =
        Object.values(loaded.config.presubmits ?? {}).flat().length +
        Object.values(loaded.config.postsubmits ?? {}).flat().length +
        (loaded.config.periodics ?? []).length;
      if (loaded.warnings.some((w) => w.kind === 'unknown-field')) throw new Error('generated config has unknown fields');
    }
    const rss = process.memoryUsage().rss;
    const f = (ms: number): string => `${ms.toFixed(0)} ms`;
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    process.stdout.write(`config-load: ${jobs} jobs over ${REPOS} repos (+ presets, decoration entries, regexes)\n`);
    process.stdout.write(`  first load+validate (cold: regex and JIT caches empty): wall ${f(timings[0]!)}, cpu ${f(cpu[0]!)}\n`);
    process.stdout.write(`  reload (warm), median of ${timings.length - 1}: wall ${f(median(timings.slice(1)))}, cpu ${f(median(cpu.slice(1)))}\n`);
    const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(0)} MB`;
    process.stdout.write(`  RSS: ${mb(rssFirst)} after the first load, ${mb(rss)} after all ${timings.length} (before loading: ${mb(rssBefore)})\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
