// Upstream's org config (the file peribolos reads and --dump writes): `orgs: {<org>: {metadata…, members, admins,
// teams, repos}}`. Parsing checks every field's type and refuses unknown fields with their path (upstream silently
// ignores them: a misspelt `member:` there reads as "no members", which is the worst thing to guess about).
import { parseConfigYaml } from '../../config/yaml.js';
import type { OrgSettings, RepoSettings } from '../../github/org-admin.js';

export type RepoPermissionLevel = 'read' | 'triage' | 'write' | 'maintain' | 'admin';
export const REPO_PERMISSION_LEVELS: readonly RepoPermissionLevel[] = ['read', 'triage', 'write', 'maintain', 'admin'];
export type Privacy = 'closed' | 'secret';

/** The org settings (GitHub takes only read, write, admin or none as the default repository permission). */
export type OrgMetadata = OrgSettings;

export type RepoCreateOptions = Pick<RepoSettings, 'auto_init' | 'gitignore_template' | 'license_template'>;

/** A repository's settings in the org config: the settings GitHub takes, renames and what to do at creation. */
export interface OrgRepo extends Omit<RepoSettings, 'name' | keyof RepoCreateOptions> {
  previously?: string[];
  on_create?: RepoCreateOptions;
}

export interface OrgTeam {
  description?: string;
  privacy?: Privacy;
  members?: string[];
  maintainers?: string[];
  /** Child teams, by name. */
  teams?: Record<string, OrgTeam>;
  previously?: string[];
  /** Repository name → the team's permission on it. */
  repos?: Record<string, RepoPermissionLevel>;
}

export interface OrgConfig extends OrgMetadata {
  teams?: Record<string, OrgTeam>;
  members?: string[];
  admins?: string[];
  repos?: Record<string, OrgRepo>;
}

export interface FullOrgConfig {
  orgs: Record<string, OrgConfig>;
}

export const ORG_METADATA_FIELDS = [
  'billing_email', 'company', 'email', 'name', 'description', 'location',
  'has_organization_projects', 'has_repository_projects', 'default_repository_permission', 'members_can_create_repositories',
] as const;

type Kind = 'string' | 'bool' | 'strings' | { oneOf: readonly string[] } | { map: (v: unknown, at: string, errs: string[]) => void } | { object: Shape };
type Shape = Record<string, Kind>;

const REPO_SHAPE: Shape = {
  description: 'string', homepage: 'string', private: 'bool', has_issues: 'bool', has_projects: 'bool', has_wiki: 'bool',
  allow_squash_merge: 'bool', allow_merge_commit: 'bool', allow_rebase_merge: 'bool',
  squash_merge_commit_title: { oneOf: ['PR_TITLE', 'COMMIT_OR_PR_TITLE'] },
  squash_merge_commit_message: { oneOf: ['PR_BODY', 'COMMIT_MESSAGES', 'BLANK'] },
  default_branch: 'string', archived: 'bool', previously: 'strings',
  on_create: { object: { auto_init: 'bool', gitignore_template: 'string', license_template: 'string' } },
};

const TEAM_SHAPE: Shape = {
  description: 'string', privacy: { oneOf: ['closed', 'secret'] }, members: 'strings', maintainers: 'strings', previously: 'strings',
  repos: { map: (v, at, errs) => check(v, { oneOf: REPO_PERMISSION_LEVELS }, at, errs) },
  teams: { map: (v, at, errs) => check(v, { object: TEAM_SHAPE }, at, errs) },
};

const ORG_SHAPE: Shape = {
  billing_email: 'string', company: 'string', email: 'string', name: 'string', description: 'string', location: 'string',
  has_organization_projects: 'bool', has_repository_projects: 'bool',
  default_repository_permission: { oneOf: ['none', 'read', 'write', 'admin'] },
  members_can_create_repositories: 'bool', members: 'strings', admins: 'strings',
  teams: { map: (v, at, errs) => check(v, { object: TEAM_SHAPE }, at, errs) },
  repos: { map: (v, at, errs) => check(v, { object: REPO_SHAPE }, at, errs) },
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function check(v: unknown, kind: Kind, at: string, errs: string[]): void {
  if (v === null || v === undefined) return;
  if (kind === 'string') {
    if (typeof v !== 'string') errs.push(`${at}: must be a string`);
  } else if (kind === 'bool') {
    if (typeof v !== 'boolean') errs.push(`${at}: must be true or false`);
  } else if (kind === 'strings') {
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) errs.push(`${at}: must be a list of strings`);
  } else if ('oneOf' in kind) {
    if (typeof v !== 'string' || !kind.oneOf.includes(v)) errs.push(`${at}: must be one of ${kind.oneOf.join(', ')} (got ${JSON.stringify(v)})`);
  } else if ('map' in kind) {
    if (!isObject(v)) errs.push(`${at}: must be a map`);
    else for (const [k, x] of Object.entries(v)) kind.map(x, `${at}.${k}`, errs);
  } else {
    if (!isObject(v)) {
      errs.push(`${at}: must be a map`);
      return;
    }
    for (const [k, x] of Object.entries(v)) {
      const sub = Object.hasOwn(kind.object, k) ? kind.object[k] : undefined;
      if (!sub) errs.push(`${at}.${k}: unknown field`);
      else check(x, sub, `${at}.${k}`, errs);
    }
  }
}

export class OrgConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid org config:\n  ${problems.join('\n  ')}`);
  }
}

/** Parses and checks an org config file's text; throws OrgConfigError listing every problem with its path. */
export function parseOrgConfig(text: string): FullOrgConfig {
  const doc = parseConfigYaml(text);
  const errs: string[] = [];
  if (!isObject(doc)) throw new OrgConfigError(['the file must be a map with an `orgs` key']);
  for (const k of Object.keys(doc)) if (k !== 'orgs') errs.push(`${k}: unknown field`);
  check(doc.orgs, { map: (v, at, e) => check(v, { object: ORG_SHAPE }, at, e) }, 'orgs', errs);
  if (errs.length > 0) throw new OrgConfigError(errs);
  return { orgs: (doc.orgs ?? {}) as Record<string, OrgConfig> };
}
