// `prow peribolos`: keeps GitHub orgs as an org config file says (settings, members, teams, repos), as upstream's
// peribolos (a periodic job). Dry run unless --confirm: it prints what it would change. `--dump <org>` prints the
// org as it is, in the same format.
import { readFile } from 'node:fs/promises';
import { UsageError, type GitHubCommandContext } from '../github-command.js';
import { toYaml } from '../../config/yaml.js';
import { dumpOrg } from './dump.js';
import { OrgConfigError, parseOrgConfig } from './org-config.js';
import { planOrg, type OrgPlan, type PeribolosOptions } from './plan.js';

/** `prow peribolos`: returns the exit code. */
export async function runPeribolos({ flags, github, print }: GitHubCommandContext): Promise<number> {
  const configPath = flags.string('config-path');
  const dump = flags.string('dump');
  const confirm = flags.bool('confirm');
  const delta = Number(flags.string('maximum-removal-delta'));
  const minAdmins = flags.int('min-admins') ?? 5;
  const asApp = flags.string('github-app-id') !== undefined;
  if (!Number.isFinite(delta) || delta < 0 || delta > 1) throw new UsageError(`--maximum-removal-delta=${flags.string('maximum-removal-delta')} must be a non-negative number less than 1.0`);
  if (minAdmins < 2) throw new UsageError(`--min-admins=${minAdmins} must be at least 2`);
  if (!configPath && !dump) throw new UsageError('--config-path or --dump required');
  if (configPath && dump) throw new UsageError(`--config-path=${configPath} and --dump=${dump} cannot both be set`);
  if (confirm && dump) throw new UsageError(`--confirm cannot be used with --dump=${dump}`);
  if (flags.bool('dump-full') && !dump) throw new UsageError("--dump-full can't be used without --dump");
  if (flags.bool('fix-team-members') && !flags.bool('fix-teams')) throw new UsageError('--fix-team-members requires --fix-teams');
  if (flags.bool('fix-team-repos') && !flags.bool('fix-teams')) throw new UsageError('--fix-team-repos requires --fix-teams');

  if (dump) {
    const org = await dumpOrg(github.forOrg(dump), dump, { ignoreSecretTeams: flags.bool('ignore-secret-teams'), asApp });
    // As upstream writes it: keys sorted.
    process.stdout.write(toYaml(flags.bool('dump-full') ? { orgs: { [dump]: org } } : org, { sortKeys: true }));
    return 0;
  }

  let config;
  try {
    config = parseOrgConfig(await readFile(configPath!, 'utf8'));
  } catch (e) {
    if (e instanceof OrgConfigError) throw new UsageError(`${configPath}: ${e.message}`);
    throw new UsageError(`${configPath}: ${(e as Error).message}`);
  }
  const opts: PeribolosOptions = {
    fixOrg: flags.bool('fix-org'), fixOrgMembers: flags.bool('fix-org-members'), fixTeams: flags.bool('fix-teams'),
    fixTeamMembers: flags.bool('fix-team-members'), fixTeamRepos: flags.bool('fix-team-repos'), fixRepos: flags.bool('fix-repos'),
    maximumDelta: delta, minAdmins, requiredAdmins: flags.list('required-admins'), requireSelf: flags.bool('require-self'),
    ignoreInvitees: flags.bool('ignore-invitees'), ignoreSecretTeams: flags.bool('ignore-secret-teams'),
    allowRepoArchival: flags.bool('allow-repo-archival'), allowRepoPublish: flags.bool('allow-repo-publish'),
  };
  // Every org is planned (and checked) before anything is written to any of them.
  const plans: OrgPlan[] = [];
  for (const [org, cfg] of Object.entries(config.orgs)) plans.push(await planOrg(github.forOrg(org), org, cfg, opts));
  const errors = plans.flatMap((p) => p.errors);
  for (const p of plans) for (const n of p.notes) print(n);
  if (errors.length > 0) {
    for (const e of errors) print(`error: ${e}`);
    print(`peribolos: ${errors.length} error(s); nothing changed`);
    return 1;
  }
  const steps = plans.flatMap((p) => p.steps);
  if (!confirm) {
    for (const s of steps) print(`would ${s.what}`);
    print(`peribolos: dry run (pass --confirm to apply): ${steps.length} change(s)`);
    return 0;
  }
  let failed = 0;
  for (const s of steps) {
    try {
      const warning = await s.apply();
      print(warning ? `${s.what}: ${warning}` : s.what);
    } catch (e) {
      failed++;
      print(`error: ${s.what}: ${(e as Error).message}`);
    }
  }
  print(`peribolos: ${steps.length - failed} change(s) made, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}
