// Generates a config of 4,000 jobs over 50 repos (presets, decoration entries, branch and file regexes,
// run_if_changed, periodics) and prints how long loading + defaulting + validating it takes, and the RSS.
// A second case is shaped like a large real deployment (600 job files, 3,800 jobs, presets, plugins.yaml with many
// sections): it prints our load time against parsing the same files' YAML alone, and, when UPSTREAM_CHECKCONFIG
// names upstream's checkconfig binary, both whole-process checkconfig runs (wall time, CPU time, peak RSS; ours is
// `bin/prow checkconfig`, the command users run).
//   npm run build && node dist/bench/config-load.js
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { toYaml } from '../src/config/yaml.js';
import { loadConfig } from '../src/config/index.js';
import { parseConfigYaml } from '../src/config/yaml.js';

const REPOS = 50;
const JOBS = 4000;
const PERIODICS = 200;

function generate(dir: string): { configPath: string; jobConfigPath: string } {
  const configPath = path.join(dir, 'config.yaml');
  writeFileSync(
    configPath,
    toYaml({
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
    writeFileSync(file, toYaml({ presubmits: { [repo]: presubmits }, postsubmits: { [repo]: postsubmits } }));
  }
  const periodics = Array.from({ length: PERIODICS }, (_, i) => ({
    name: `periodic-${i}`,
    decorate: true,
    ...(i % 2 === 0 ? { interval: `${(i % 23) + 1}h` } : { cron: `${i % 60} ${i % 24} * * *` }),
    extra_refs: [{ org: `org${i % 5}`, repo: `repo${i % REPOS}`, base_ref: 'main' }],
    labels: { [`preset-${i % 20}`]: 'true' },
    spec: { containers: [{ image: 'alpine', command: ['sh', '-c', 'echo hi'] }] },
  }));
  writeFileSync(path.join(jobsDir, 'periodics.yaml'), toYaml({ periodics }));
  return { configPath, jobConfigPath: jobsDir };
}

const DEPLOY_REPOS = 120;
const DEPLOY_FILES_PER_REPO = 5;
const DEPLOY_PERIODICS = 1300;

/** Shaped like a large deployment: many small job files (one per repo and branch), presets, every kind of job. */
export function generateDeployment(dir: string): { configPath: string; jobConfigPath: string; pluginConfig: string } {
  const decoration = {
    utility_images: { clonerefs: 'clonerefs:v1', initupload: 'initupload:v1', entrypoint: 'entrypoint:v1', sidecar: 'sidecar:v1' },
    gcs_configuration: { bucket: 'logs', path_strategy: 'explicit' },
    gcs_credentials_secret: 'gcs',
  };
  const configPath = path.join(dir, 'config.yaml');
  writeFileSync(
    configPath,
    toYaml({
      prowjob_namespace: 'prow',
      pod_namespace: 'test-pods',
      plank: { default_decoration_configs: { '*': decoration }, job_url_prefix_config: { '*': 'https://prow.example.com/view/' } },
      tide: {
        queries: Array.from({ length: 12 }, (_, i) => ({ repos: Array.from({ length: 10 }, (_, k) => `org${i % 6}/repo${i * 10 + k}`), labels: ['lgtm', 'approved'], missingLabels: ['do-not-merge/hold'] })),
        merge_method: { org0: 'squash' },
      },
      'branch-protection': { protect: false, orgs: { org0: { repos: { repo0: { protect: true, required_status_checks: { contexts: ['ci'] } } } } } },
    }),
  );
  const pluginConfig = path.join(dir, 'plugins.yaml');
  const orgs = Array.from({ length: 6 }, (_, i) => `org${i}`);
  writeFileSync(
    pluginConfig,
    toYaml({
      plugins: Object.fromEntries(orgs.map((o) => [o, { plugins: ['trigger'] }])),
      approve: orgs.map((o) => ({ repos: [o], require_self_approval: false, lgtm_acts_as_approve: true })),
      lgtm: orgs.map((o) => ({ repos: [o], review_acts_as_lgtm: true })),
      blunderbuss: { max_request_count: 2, request_count: 2 },
      label: { additional_labels: ['sig/a', 'sig/b', 1.0] },
      size: { s: 10, m: 30, l: 100, xl: 500, xxl: 1000 },
      milestone_applier: Object.fromEntries(orgs.map((o) => [`${o}/repo0`, { main: 'v1.37', 'release-1.36': 1.36 }])),
      config_updater: { maps: { 'config/prow/config.yaml': { name: 'config' } } },
      heart: { adorees: ['someone'], commentregexp: '.*' },
      sigmention: { regexp: '(?m)@kubernetes/sig-([\\w-]*)-(misc|test-failures|bugs)' },
      owners: { mdyamlrepos: [], skip_collaborators: [] },
      repo_milestone: { '': { maintainers_team: 'maintainers' } },
      require_matching_label: [{ org: 'org0', repo: 'repo0', prs: true, regexp: '^kind/', missing_label: 'needs-kind' }],
      external_plugins: { org0: [{ name: 'needs-rebase', events: ['pull_request'] }] },
    }),
  );
  const jobsDir = path.join(dir, 'jobs');
  mkdirSync(jobsDir, { recursive: true });
  // Presets in a job file: there (not in config.yaml) upstream reads numbers in string fields as strings.
  writeFileSync(
    path.join(jobsDir, 'presets.yaml'),
    toYaml({
      presets: Array.from({ length: 40 }, (_, i) => ({
        labels: { [`preset-${i}`]: 'true' },
        env: [{ name: `PRESET_${i}`, value: i }, { name: `FLAG_${i}`, value: true }],
        volumes: [{ name: `vol-${i}`, secret: { secretName: `secret-${i}` } }],
        volumeMounts: [{ name: `vol-${i}`, mountPath: `/etc/preset-${i}`, readOnly: true }],
      })),
    }),
  );
  const repoJobs = 3800 - DEPLOY_PERIODICS;
  const perFile = Math.ceil(repoJobs / (DEPLOY_REPOS * DEPLOY_FILES_PER_REPO));
  let made = 0;
  for (let r = 0; r < DEPLOY_REPOS; r++) {
    const repo = `org${r % 6}/repo${r}`;
    for (let f = 0; f < DEPLOY_FILES_PER_REPO; f++) {
      const branch = f === 0 ? 'main' : `release-1.${30 + f}`;
      const presubmits: Record<string, unknown>[] = [];
      const postsubmits: Record<string, unknown>[] = [];
      for (let i = 0; i < perFile && made < repoJobs; i++, made++) {
        const job: Record<string, unknown> = {
          name: `pull-repo${r}-${branch}-job${i}`,
          branches: [`^${branch}$`],
          decorate: true,
          labels: { [`preset-${i % 40}`]: 'true' },
          spec: { containers: [{ image: 'golang:1.22', args: ['make', 'test'], resources: { requests: { cpu: 0.5, memory: '4Gi' } } }] },
        };
        if (i % 3 === 0) postsubmits.push({ ...job, name: `post-repo${r}-${branch}-job${i}` });
        else presubmits.push({ ...job, ...(i % 3 === 1 ? { always_run: true } : { run_if_changed: `^(pkg/${i}|cmd)/` }) });
      }
      const file = path.join(jobsDir, `org${r % 6}`, `repo${r}`, `repo${r}-${branch}.yaml`);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, toYaml({ presubmits: { [repo]: presubmits }, postsubmits: { [repo]: postsubmits } }));
    }
  }
  const periodicsDir = path.join(jobsDir, 'periodics');
  mkdirSync(periodicsDir, { recursive: true });
  for (let f = 0; f < 10; f++) {
    const periodics = Array.from({ length: DEPLOY_PERIODICS / 10 }, (_, k) => {
      const i = f * (DEPLOY_PERIODICS / 10) + k;
      return {
        name: `periodic-${i}`,
        decorate: true,
        ...(i % 2 === 0 ? { interval: `${(i % 23) + 1}h` } : { cron: `${i % 60} ${i % 6}/6 * * *` }),
        extra_refs: [{ org: `org${i % 6}`, repo: `repo${i % DEPLOY_REPOS}`, base_ref: 'main' }],
        labels: { [`preset-${i % 40}`]: 'true' },
        spec: { containers: [{ image: 'alpine', command: ['sh', '-c', 'echo hi'], resources: { requests: { cpu: 0.1 } } }] },
      };
    });
    writeFileSync(path.join(periodicsDir, `periodics-${f}.yaml`), toYaml({ periodics }));
  }
  return { configPath, jobConfigPath: jobsDir, pluginConfig };
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => path.join(dir, f));
}

/** Wall time, CPU time and peak RSS of a child process (GNU time's -f, read from its stderr). */
function timeProcess(argv: string[]): { wallMs: number; cpuMs: number; maxRssMB: number; status: number | null } {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', ...argv], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  if (!m) throw new Error(`could not time ${argv[0]}: ${r.error?.message ?? r.stderr}`);
  return { wallMs: Number(m[1]) * 1000, cpuMs: (Number(m[2]) + Number(m[3])) * 1000, maxRssMB: Number(m[4]) / 1024, status: r.status };
}

/** The phases of a checkconfig run, each named by the functions it runs in (the outermost one on the stack wins). */
const PHASES: [string, string[]][] = [
  ['parse', ['parseConfigYaml']],
  ['schema', ['checkSchema']],
  ['defaults', ['applyConfigDefaults', 'applyPluginDefaults', 'applySectionDefaults']],
  ['validate', ['validateBeforeDefaults', 'validateConfig', 'validatePlugins']],
  ['warnings', ['checkconfigWarnings']],
];

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Milliseconds of one thread's profile by phase; module loading is Node's ESM loader, GC and idle are V8's own. */
function phaseTimes(profile: CpuProfile): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const phaseOf = new Map<number, string>();
  const classify = (id: number): string => {
    const known = phaseOf.get(id);
    if (known !== undefined) return known;
    const { functionName, url } = byId.get(id)!.callFrame;
    const up = parent.get(id);
    const outer = up === undefined ? 'other' : classify(up);
    let phase = outer;
    if (outer === 'other' || outer === 'module loading') {
      const named = PHASES.find(([, fns]) => fns.includes(functionName))?.[0];
      if (named) phase = named;
      else if (functionName === '(garbage collector)') phase = 'GC';
      else if (functionName === '(idle)') phase = 'idle';
      else if (url.startsWith('node:internal/modules/')) phase = 'module loading';
    }
    phaseOf.set(id, phase);
    return phase;
  };
  const out = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const phase = classify(id);
    out.set(phase, (out.get(phase) ?? 0) + profile.timeDeltas[i]! / 1000);
  });
  return out;
}

/** One run of `argv` under --cpu-prof (writing to `dir`): each thread's CPU by phase, as report lines. */
function cpuByPhase(argv: string[], dir: string): string {
  spawnSync(argv[0]!, argv.slice(1), { stdio: 'ignore' });
  // Profile files are named by process and thread: the main thread's first.
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort();
  const names = ['module loading', ...PHASES.map(([p]) => p), 'GC', 'idle', 'other'];
  const lines = files.map((f, i) => {
    const t = phaseTimes(JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as CpuProfile);
    const total = [...t.values()].reduce((a, b) => a + b, 0);
    const parts = names.filter((n) => (t.get(n) ?? 0) >= 1).map((n) => `${n} ${t.get(n)!.toFixed(0)}`);
    return `    ${i === 0 ? 'main thread' : `worker ${i}`}: ${total.toFixed(0)} ms: ${parts.join(', ')}\n`;
  });
  return `  checkconfig CPU by thread and phase (ms, one run under --cpu-prof, which slows it):\n${lines.join('')}`;
}

async function deployment(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'prow-bench-deploy-'));
  try {
    const paths = generateDeployment(dir);
    const files = [paths.configPath, paths.pluginConfig, ...yamlFiles(paths.jobConfigPath)];
    const bytes = files.reduce((n, f) => n + readFileSync(f).length, 0);
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const parse: number[] = [];
    const load: number[] = [];
    let jobs = 0;
    for (let run = 0; run < 5; run++) {
      let t0 = performance.now();
      for (const f of files) parseConfigYaml(readFileSync(f, 'utf8'));
      parse.push(performance.now() - t0);
      t0 = performance.now();
      const loaded = await loadConfig(paths);
      load.push(performance.now() - t0);
      jobs = Object.values(loaded.config.presubmits ?? {}).flat().length + Object.values(loaded.config.postsubmits ?? {}).flat().length + (loaded.config.periodics ?? []).length;
    }
    process.stdout.write(`config-load (deployment-shaped): ${files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MB, ${jobs} jobs, 40 presets, ${Object.keys(parseConfigYaml(readFileSync(paths.pluginConfig, 'utf8')) as object).length} plugins.yaml sections\n`);
    process.stdout.write(`  medians of 5: raw YAML parsing of the same files ${median(parse).toFixed(0)} ms; load + default + validate ${median(load).toFixed(0)} ms\n`);
    const upstream = process.env.UPSTREAM_CHECKCONFIG;
    if (upstream) {
      const main = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
      // Ours as users run it: `prow` from a checkout (the image's `prow` runs the same main.js).
      const prow = fileURLToPath(new URL('../../bin/prow', import.meta.url));
      const args = [`--config-path=${paths.configPath}`, `--job-config-path=${paths.jobConfigPath}`, `--plugin-config=${paths.pluginConfig}`];
      const ours: ReturnType<typeof timeProcess>[] = [];
      const theirs: ReturnType<typeof timeProcess>[] = [];
      for (let run = 0; run < 5; run++) {
        ours.push(timeProcess([prow, 'checkconfig', ...args]));
        theirs.push(timeProcess([upstream, ...args]));
      }
      const show = (name: string, rs: ReturnType<typeof timeProcess>[]): string =>
        `  ${name}: wall ${median(rs.map((r) => r.wallMs)).toFixed(0)} ms, cpu ${median(rs.map((r) => r.cpuMs)).toFixed(0)} ms, peak RSS ${median(rs.map((r) => r.maxRssMB)).toFixed(0)} MiB (exit ${rs[0]!.status})\n`;
      process.stdout.write(`  whole-process checkconfig, medians of 5, alternating (ours: bin/prow checkconfig, as users run it):\n${show('ours', ours)}${show('upstream', theirs)}`);
      const ratio = median(ours.map((r) => r.wallMs)) / median(theirs.map((r) => r.wallMs));
      process.stdout.write(`  ours / upstream wall time: ${ratio.toFixed(2)}x\n`);
      process.stdout.write(cpuByPhase([process.execPath, '--cpu-prof', `--cpu-prof-dir=${path.join(dir, 'profiles')}`, main, 'checkconfig', ...args], path.join(dir, 'profiles')));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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

// Imported (by a profiling script) it only defines the generators.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main();
  await deployment();
}
