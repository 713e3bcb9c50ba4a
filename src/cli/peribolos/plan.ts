// What peribolos would change in one org, as upstream's peribolos decides it: org settings (--fix-org), members and
// admins (--fix-org-members), repositories (--fix-repos), teams with nesting and privacy (--fix-teams), their
// members and maintainers (--fix-team-members) and their repository permissions (--fix-team-repos).
//
// Unlike upstream, which writes as it goes, every check (admins, removal deltas, duplicate names, team members
// outside the org, repo changes that are not allowed) runs before the first write: a plan with errors changes nothing.
import { isNotFound, type GitHubClient } from '../../github/client.js';
import type { OrgSettings, RepoSettings, TeamRepoPermission } from '../../github/org-admin.js';
import {
  ORG_METADATA_FIELDS,
  type OrgConfig,
  type OrgRepo,
  type OrgTeam,
  type RepoPermissionLevel,
} from './org-config.js';

export interface PeribolosOptions {
  fixOrg: boolean;
  fixOrgMembers: boolean;
  fixTeams: boolean;
  fixTeamMembers: boolean;
  fixTeamRepos: boolean;
  fixRepos: boolean;
  /** The largest fraction of current members (or teams) a run may remove. */
  maximumDelta: number;
  minAdmins: number;
  requiredAdmins: string[];
  requireSelf: boolean;
  ignoreInvitees: boolean;
  ignoreSecretTeams: boolean;
  allowRepoArchival: boolean;
  allowRepoPublish: boolean;
}

/** One write, described for the user. `apply` may return a warning: the step was skipped and why. */
export interface Step {
  what: string;
  apply(): Promise<string | undefined>;
}

export interface OrgPlan {
  org: string;
  errors: string[];
  steps: Step[];
  /** Lines for the user that change nothing (pending invitations). */
  notes: string[];
}

/** GitHub logins compare case-insensitively; config may write them with a leading @. */
export const normLogin = (login: string): string => login.toLowerCase().replace(/^@/, '');
const normSet = (logins: Iterable<string> | null | undefined): Set<string> => new Set([...(logins ?? [])].map(normLogin));
const minus = (a: Set<string>, b: Set<string>): string[] => [...a].filter((x) => !b.has(x)).sort();
const entries = <T>(m: Record<string, T> | null | undefined): [string, T][] => Object.entries(m ?? {});

/** A team as peribolos tracks it: found on GitHub, or to be created (slug and id known once it is). */
interface TeamRef {
  name: string;
  slug?: string;
  id?: number;
  description: string;
  privacy?: string;
  parentId?: number | null;
}

/** A team's slug once it exists on GitHub (a step after a failed create cannot act on it). */
function slugOf(ref: TeamRef): string {
  if (ref.slug === undefined) throw new Error(`team ${ref.name} does not exist (its creation failed)`);
  return ref.slug;
}

const PERMISSION_TO_GITHUB: Record<RepoPermissionLevel, TeamRepoPermission> = { read: 'pull', triage: 'triage', write: 'push', maintain: 'maintain', admin: 'admin' };

/** The permission level a team's listing of a repo grants, highest first (upstream's LevelFromPermissions). */
export function levelFromPermissions(p: { admin?: boolean; maintain?: boolean; push?: boolean; triage?: boolean; pull?: boolean } | undefined): RepoPermissionLevel | 'none' {
  if (p?.admin) return 'admin';
  if (p?.maintain) return 'maintain';
  if (p?.push) return 'write';
  if (p?.triage) return 'triage';
  if (p?.pull) return 'read';
  return 'none';
}

class Planner {
  readonly plan: OrgPlan;

  constructor(private readonly gh: GitHubClient, private readonly org: string, private readonly cfg: OrgConfig, private readonly o: PeribolosOptions) {
    this.plan = { org, errors: [], steps: [], notes: [] };
  }

  private step(what: string, apply: () => Promise<unknown>): void {
    this.plan.steps.push({ what: `${this.org}: ${what}`, apply: async () => {
      const r = await apply();
      return typeof r === 'string' ? r : undefined;
    } });
  }

  private error(msg: string): void {
    this.plan.errors.push(`${this.org}: ${msg}`);
  }

  async build(): Promise<OrgPlan> {
    if (this.o.fixOrg) await this.orgSettings();
    const invitees = (this.o.fixOrgMembers || this.o.fixTeamMembers) && !this.o.ignoreInvitees
      ? normSet((await this.gh.listOrgInvitations(this.org)).map((i) => i.login ?? '').filter(Boolean))
      : new Set<string>();
    if (this.o.fixOrgMembers || this.o.fixTeams) this.teamNamesUnique();
    if (this.o.fixOrgMembers) await this.orgMembers(invitees);
    if (this.o.fixRepos) await this.repos();
    if (this.o.fixTeams) await this.teams();
    return this.plan;
  }

  private async orgSettings(): Promise<void> {
    const cur = (await this.gh.getOrg(this.org)) as unknown as Record<string, unknown>;
    const want = this.cfg as Record<string, unknown>;
    const patch: Record<string, unknown> = {};
    for (const f of ORG_METADATA_FIELDS) {
      const w = want[f];
      // GitHub answers null for an unset text field, which the config writes as "".
      if (w !== undefined && w !== null && w !== (typeof w === 'string' ? (cur[f] ?? '') : cur[f])) patch[f] = w;
    }
    const keys = Object.keys(patch);
    if (keys.length > 0) this.step(`set org settings ${keys.map((k) => `${k}=${JSON.stringify(patch[k])}`).join(', ')}`, () => this.gh.editOrg(this.org, patch as OrgSettings));
  }

  private async orgMembers(invitees: Set<string>): Promise<void> {
    const wantAdmins = normSet(this.cfg.admins);
    const wantMembers = normSet(this.cfg.members);
    if (wantAdmins.size < this.o.minAdmins) this.error(`must specify at least ${this.o.minAdmins} admins, only found ${wantAdmins.size}`);
    const missing = this.o.requiredAdmins.filter((r) => !wantAdmins.has(normLogin(r)));
    if (missing.length > 0) this.error(`must specify ${this.o.requiredAdmins.join(', ')} as admins, missing ${missing.join(', ')}`);
    if (this.o.requireSelf) {
      const me = (await this.gh.getUser()).login;
      if (!wantAdmins.has(normLogin(me))) this.error(`authenticated user ${me} is not an admin of ${this.org}`);
    }
    const both = [...wantAdmins].filter((u) => wantMembers.has(u));
    if (both.length > 0) this.error(`users in both roles: ${both.sort().join(', ')}`);

    const haveAdmins = normSet((await this.gh.listOrgMembers(this.org, 'admin')).map((m) => m.login));
    const haveMembers = normSet((await this.gh.listOrgMembers(this.org, 'member')).map((m) => m.login));
    const haveAll = new Set([...haveAdmins, ...haveMembers]);
    const wantAll = new Set([...wantAdmins, ...wantMembers]);
    const removing = minus(haveAll, wantAll);
    const delta = haveAll.size === 0 ? 0 : removing.length / haveAll.size;
    if (delta > this.o.maximumDelta) {
      this.error(`cannot delete ${removing.length} memberships or ${delta.toFixed(3)} of ${this.org} (exceeds limit of ${this.o.maximumDelta.toFixed(3)})`);
    }
    const inTeams = new Set<string>();
    const walk = (teams: Record<string, OrgTeam> | null | undefined): void => {
      for (const [, t] of entries(teams)) {
        for (const u of [...(t.members ?? []), ...(t.maintainers ?? [])]) inTeams.add(normLogin(u));
        walk(t.teams);
      }
    };
    walk(this.cfg.teams);
    const outside = minus(inTeams, wantAll);
    if (outside.length > 0) this.error(`all team members/maintainers must also be org members: ${outside.join(', ')}`);

    this.members({ have: { members: haveMembers, super: haveAdmins }, want: { members: wantMembers, super: wantAdmins }, invitees, where: this.org, superRole: 'admin' },
      (u, role) => `set ${u} as ${role === 'admin' ? 'an admin' : 'a member'} of the org`,
      async (u, role) => {
        try {
          await this.gh.updateOrgMembership(this.org, u, role === 'admin' ? 'admin' : 'member');
          return undefined;
        } catch (e) {
          // As upstream: a removed account or a typo in the config must not stop the sync.
          if (isNotFound(e)) return `${u} does not exist on GitHub (a typo, or a deleted account): skipped`;
          throw e;
        }
      },
      (u) => `remove ${u} from the org`,
      (u) => this.gh.removeOrgMembership(this.org, u));
  }

  /** The membership diff shared by orgs and teams (upstream's configureMembers). */
  private members(
    m: { have: { members: Set<string>; super: Set<string> }; want: { members: Set<string>; super: Set<string> }; invitees: Set<string>; where: string; superRole: string },
    addWhat: (u: string, role: string) => string,
    add: (u: string, role: string) => Promise<unknown>,
    removeWhat: (u: string) => string,
    remove: (u: string) => Promise<unknown>,
  ): void {
    const haveAll = new Set([...m.have.members, ...m.have.super, ...m.invitees]);
    const wantAll = new Set([...m.want.members, ...m.want.super]);
    const adds: [string, string][] = [
      ...minus(m.want.members, m.have.members).map((u): [string, string] => [u, 'member']),
      ...minus(m.want.super, m.have.super).map((u): [string, string] => [u, m.superRole]),
    ];
    for (const [u, role] of adds) {
      if (m.invitees.has(u)) {
        this.plan.notes.push(`${this.org}: waiting for ${u} to accept the invitation to ${m.where}`);
        continue;
      }
      this.step(addWhat(u, role), () => add(u, role));
    }
    for (const u of minus(haveAll, wantAll)) this.step(removeWhat(u), () => remove(u));
  }

  private teamNamesUnique(): void {
    const used = new Set<string>();
    const dups = new Set<string>();
    for (const [name, t] of entries(this.cfg.teams)) {
      for (const n of [name, ...(t.previously ?? [])]) {
        if (used.has(n)) dups.add(n);
        used.add(n);
      }
    }
    if (dups.size > 0) this.error(`team names must be unique (including previous names), ${dups.size} duplicated names: ${[...dups].sort().join(', ')}`);
  }

  private async repos(): Promise<void> {
    const wanted = entries(this.cfg.repos);
    const seen = new Map<string, string>();
    const dups: string[] = [];
    for (const [name, r] of wanted) {
      const names = [name, ...(r.previously ?? [])];
      for (const n of names) {
        const prev = seen.get(n.toLowerCase());
        if (prev !== undefined) dups.push(`${prev}/${n}`);
      }
      for (const n of names) seen.set(n.toLowerCase(), n);
    }
    if (dups.length > 0) {
      this.error(`found duplicate repo names (GitHub repo names are case-insensitive): ${dups.join(', ')}`);
      return;
    }
    const byName = new Map((await this.gh.listOrgRepos(this.org)).map((r) => [r.name.toLowerCase(), r.name]));
    for (const [name, want] of wanted) {
      const found = [name, ...(want.previously ?? [])].map((n) => byName.get(n.toLowerCase())).filter((n): n is string => n !== undefined);
      const distinct = [...new Set(found)];
      if (distinct.length > 1) {
        this.error(`different repos already exist for current and previous names: ${distinct.join(' and ')}`);
        continue;
      }
      if (distinct.length === 0) {
        if (want.archived) {
          this.error(`nonexistent repo configured as archived: ${name}`);
          continue;
        }
        const settings = { ...repoSettings(want), name, ...(want.on_create ?? {}) };
        this.step(`create repo ${name}`, () => this.gh.createOrgRepo(this.org, settings));
        continue;
      }
      const current = await this.gh.getRepo(this.org, distinct[0]);
      if (current.archived && want.archived) continue;
      const delta = repoDelta(current as unknown as Record<string, unknown>, name, want);
      if (delta.archived === false) {
        delete delta.archived;
        this.error(`${name}: asked to unarchive an archived repo, unsupported by GH API`);
      } else if (delta.archived === true && !this.o.allowRepoArchival) {
        delete delta.archived;
        this.error(`${name}: asked to archive a repo but this is not allowed by default (see --allow-repo-archival)`);
      }
      if (delta.private === false && !this.o.allowRepoPublish) {
        delete delta.private;
        this.error(`${name}: asked to publish a private repo but this is not allowed by default (see --allow-repo-publish)`);
      }
      const keys = Object.keys(delta);
      if (keys.length > 0) {
        this.step(`update repo ${current.name}: ${keys.map((k) => `${k}=${JSON.stringify((delta as Record<string, unknown>)[k])}`).join(', ')}`, () => this.gh.updateRepo(this.org, current.name, delta));
      }
    }
  }

  private async teams(): Promise<void> {
    const listed = (await this.gh.listTeams(this.org)).filter((t) => !(this.o.ignoreSecretTeams && t.privacy === 'secret'));
    // Several GitHub teams with one name: the oldest (lowest id) is the one config means.
    const byName = new Map<string, (typeof listed)[number]>();
    for (const t of [...listed].sort((a, b) => a.id - b.id)) if (!byName.has(t.name)) byName.set(t.name, t);

    const refs = new Map<string, TeamRef>();
    const used = new Set<string>();
    const match = (teams: Record<string, OrgTeam> | null | undefined): void => {
      for (const [name, t] of entries(teams)) {
        match(t.teams);
        const gt = [name, ...(t.previously ?? [])].map((n) => byName.get(n)).find((x) => x !== undefined);
        if (gt) {
          used.add(gt.slug);
          refs.set(name, { name: gt.name, slug: gt.slug, id: gt.id, description: gt.description ?? '', privacy: gt.privacy, parentId: gt.parent?.id ?? null });
        } else {
          // Compared later as GitHub will create it; its slug and id are known once it is.
          const ref: TeamRef = { name, description: t.description ?? '', privacy: t.privacy ?? 'secret', parentId: null };
          refs.set(name, ref);
          this.step(`create team ${name}`, async () => {
            const created = await this.gh.createTeam(this.org, { name, ...(t.description ? { description: t.description } : {}), ...(t.privacy ? { privacy: t.privacy } : {}) });
            ref.slug = created.slug;
            ref.id = created.id;
          });
        }
      }
    };
    match(this.cfg.teams);
    const unused = listed.filter((t) => !used.has(t.slug));
    const delta = listed.length === 0 ? 0 : unused.length / listed.length;
    if (delta > this.o.maximumDelta) {
      this.error(`cannot delete ${unused.length} teams or ${delta.toFixed(3)} of ${this.org} teams (exceeds limit of ${this.o.maximumDelta.toFixed(3)})`);
    }
    for (const t of unused) this.step(`delete team ${t.slug} (${t.name})`, () => this.gh.deleteTeam(this.org, t.slug));

    const configure = async (teams: Record<string, OrgTeam> | null | undefined, parent: TeamRef | undefined): Promise<void> => {
      for (const [name, t] of entries(teams)) {
        const ref = refs.get(name)!;
        this.teamSettings(name, t, ref, parent);
        if (this.o.fixTeamMembers) await this.teamMembers(name, t, ref);
        await configure(t.teams, ref);
      }
    };
    await configure(this.cfg.teams, undefined);
    if (this.o.fixTeamRepos) {
      const repos = async (teams: Record<string, OrgTeam> | null | undefined): Promise<void> => {
        for (const [name, t] of entries(teams)) {
          await this.teamRepos(name, t, refs.get(name)!);
          await repos(t.teams);
        }
      };
      await repos(this.cfg.teams);
    }
  }

  /**
   * Name (after a rename through `previously`), description, privacy and parent, as upstream's configureTeam. A team
   * to be created is compared as GitHub creates it (no parent; secret unless a privacy is given).
   */
  private teamSettings(name: string, t: OrgTeam, ref: TeamRef, parent: TeamRef | undefined): void {
    const patch: { name?: string; description?: string; privacy?: string; parent?: TeamRef | null } = {};
    if (ref.name !== name) patch.name = name;
    if (t.description && ref.description !== t.description) patch.description = t.description;
    if (!parent && ref.parentId != null) patch.parent = null;
    if (parent && (parent.id === undefined || ref.parentId !== parent.id)) patch.parent = parent;
    // Nested teams must be closed (GitHub refuses secret ones).
    const privacy = t.privacy ?? (parent || Object.keys(t.teams ?? {}).length > 0 ? 'closed' : undefined);
    if (privacy && ref.privacy !== privacy) patch.privacy = privacy;
    if (Object.keys(patch).length === 0) return;
    const shown = Object.entries(patch).map(([k, v]) => (k === 'parent' ? `parent=${v === null ? 'none' : (v as TeamRef).name}` : `${k}=${JSON.stringify(v)}`));
    this.step(`edit team ${name}: ${shown.join(', ')}`, async () => {
      const { parent: p, ...rest } = patch;
      const req = { ...rest, ...(p === undefined ? {} : { parent_team_id: p === null ? null : p.id! }) } as Parameters<GitHubClient['editTeam']>[2];
      await this.gh.editTeam(this.org, slugOf(ref), req);
    });
  }

  private async teamMembers(name: string, t: OrgTeam, ref: TeamRef): Promise<void> {
    let haveMembers = new Set<string>();
    let haveMaintainers = new Set<string>();
    let invitees = new Set<string>();
    if (ref.slug !== undefined) {
      haveMembers = normSet((await this.gh.listTeamMembersBySlug(this.org, ref.slug, 'member')).map((u) => u.login));
      haveMaintainers = normSet((await this.gh.listTeamMembersBySlug(this.org, ref.slug, 'maintainer')).map((u) => u.login));
      if (!this.o.ignoreInvitees) invitees = normSet((await this.gh.listTeamInvitations(this.org, ref.slug)).map((i) => i.login ?? '').filter(Boolean));
    }
    this.members({ have: { members: haveMembers, super: haveMaintainers }, want: { members: normSet(t.members), super: normSet(t.maintainers) }, invitees, where: `team ${name}`, superRole: 'maintainer' },
      (u, role) => `set ${u} as a ${role} of team ${name}`,
      (u, role) => this.gh.updateTeamMembership(this.org, slugOf(ref), u, role === 'maintainer' ? 'maintainer' : 'member'),
      (u) => `remove ${u} from team ${name}`,
      (u) => this.gh.removeTeamMembership(this.org, slugOf(ref), u));
  }

  private async teamRepos(name: string, t: OrgTeam, ref: TeamRef): Promise<void> {
    const have = new Map<string, RepoPermissionLevel | 'none'>();
    if (ref.slug !== undefined) for (const r of await this.gh.listTeamRepos(this.org, ref.slug)) have.set(r.name, levelFromPermissions(r.permissions));
    const want = new Map(entries(t.repos));
    for (const [repo, level] of [...want].sort()) {
      if (have.get(repo) === level) continue;
      this.step(`give team ${name} ${level} on ${repo}`, () => this.gh.setTeamRepoPermission(this.org, slugOf(ref), repo, PERMISSION_TO_GITHUB[level]));
    }
    for (const repo of [...have.keys()].sort()) {
      if (!want.has(repo)) this.step(`remove team ${name} from ${repo}`, () => this.gh.removeTeamRepo(this.org, slugOf(ref), repo));
    }
  }
}

const REPO_FIELDS = [
  'description', 'homepage', 'private', 'has_issues', 'has_projects', 'has_wiki', 'allow_squash_merge', 'allow_merge_commit',
  'allow_rebase_merge', 'squash_merge_commit_title', 'squash_merge_commit_message',
] as const;

function repoSettings(r: OrgRepo): RepoSettings {
  const out: Record<string, unknown> = {};
  for (const f of REPO_FIELDS) if (r[f] !== undefined && r[f] !== null) out[f] = r[f];
  return out as RepoSettings;
}

/** The fields of `want` that differ from the repository as it is (upstream's newRepoUpdateRequest). */
function repoDelta(current: Record<string, unknown>, name: string, want: OrgRepo): RepoSettings {
  const out: Record<string, unknown> = {};
  if (current.name !== name) out.name = name;
  for (const f of [...REPO_FIELDS, 'default_branch', 'archived'] as const) {
    const w = want[f];
    if (w === undefined || w === null) continue;
    const cur = current[f] ?? (typeof w === 'string' ? '' : false);
    if (cur !== w) out[f] = w;
  }
  return out as RepoSettings;
}

export function planOrg(gh: GitHubClient, org: string, cfg: OrgConfig, o: PeribolosOptions): Promise<OrgPlan> {
  return new Planner(gh, org, cfg ?? {}, o).build();
}
