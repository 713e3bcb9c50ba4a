// `prow peribolos --dump <org>`: the org as it is on GitHub, in the org config format (upstream's dumpOrgConfig):
// every org setting, admins and members, teams nested under their parents with maintainers, members and repo
// permissions, and repositories with the settings that differ from GitHub's defaults.
import type { GitHubClient } from '../../github/client.js';
import type { OrgConfig, OrgRepo, OrgTeam, Privacy } from './org-config.js';
import { levelFromPermissions } from './plan.js';

/** Repo settings equal to GitHub's defaults are left out (upstream's PruneRepoDefaults, `master` included). */
function pruneRepoDefaults(r: OrgRepo): OrgRepo {
  const out: Record<string, unknown> = { ...r };
  const defaults: Record<string, unknown> = {
    description: '', homepage: '', private: false, has_issues: true, has_wiki: true, allow_rebase_merge: true,
    allow_squash_merge: true, allow_merge_commit: true, archived: false, default_branch: 'master',
  };
  for (const [k, v] of Object.entries(defaults)) if (out[k] === v) delete out[k];
  return out as OrgRepo;
}

const omitEmpty = <T extends object>(o: T): T => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0)) continue;
    out[k] = v;
  }
  return out as T;
};

export async function dumpOrg(gh: GitHubClient, org: string, opts: { ignoreSecretTeams: boolean; asApp: boolean }): Promise<OrgConfig> {
  const meta = await gh.getOrg(org);
  const me = (await gh.getUser()).login.toLowerCase();
  const admins = (await gh.listOrgMembers(org, 'admin')).map((m) => m.login);
  if (!opts.asApp && !admins.some((a) => a.toLowerCase() === me)) throw new Error('--dump must be run with admin:org scope token');
  const members = (await gh.listOrgMembers(org, 'member')).map((m) => m.login);

  const teams = (await gh.listTeams(org)).filter((t) => !(opts.ignoreSecretTeams && t.privacy === 'secret'));
  const byId = new Map<number, { name: string; team: OrgTeam; parent?: number }>();
  for (const t of teams) {
    const maintainers = (await gh.listTeamMembersBySlug(org, t.slug, 'maintainer')).map((u) => u.login);
    const teamMembers = (await gh.listTeamMembersBySlug(org, t.slug, 'member')).map((u) => u.login);
    const repos: Record<string, OrgTeam['repos'] extends Record<string, infer L> | undefined ? L : never> = {};
    for (const r of await gh.listTeamRepos(org, t.slug)) {
      const level = levelFromPermissions(r.permissions);
      if (level !== 'none') repos[r.name] = level;
    }
    byId.set(t.id, {
      name: t.name,
      team: { description: t.description ?? '', privacy: (t.privacy ?? 'closed') as Privacy, maintainers, members: teamMembers, teams: {}, repos },
      ...(t.parent ? { parent: t.parent.id } : {}),
    });
  }
  const top: Record<string, OrgTeam> = {};
  for (const { name, team, parent } of byId.values()) {
    const into = parent !== undefined && byId.has(parent) ? byId.get(parent)!.team.teams! : top;
    into[name] = team;
  }
  const clean = (ts: Record<string, OrgTeam>): Record<string, OrgTeam> =>
    Object.fromEntries(Object.entries(ts).map(([n, t]) => [n, omitEmpty({ ...t, teams: clean(t.teams ?? {}) })]));

  const repos: Record<string, OrgRepo> = {};
  for (const r of await gh.listOrgRepos(org)) {
    const full = await gh.getRepo(org, r.name);
    repos[full.name] = pruneRepoDefaults({
      description: full.description ?? '', homepage: full.homepage ?? '', private: full.private, has_issues: full.has_issues,
      has_projects: full.has_projects, has_wiki: full.has_wiki, allow_merge_commit: full.allow_merge_commit ?? true,
      allow_squash_merge: full.allow_squash_merge ?? true, allow_rebase_merge: full.allow_rebase_merge ?? true,
      archived: full.archived, default_branch: full.default_branch,
    });
  }

  return omitEmpty({
    billing_email: meta.billing_email ?? '', company: meta.company ?? '', email: meta.email ?? '', name: meta.name ?? '',
    description: meta.description ?? '', location: meta.location ?? '',
    has_organization_projects: meta.has_organization_projects, has_repository_projects: meta.has_repository_projects,
    default_repository_permission: (meta.default_repository_permission ?? 'read') as OrgConfig['default_repository_permission'],
    members_can_create_repositories: meta.members_can_create_repositories ?? false,
    admins, members, teams: clean(top), repos,
  });
}
