// `prow peribolos` through the built binary against the fake GitHub: --dump writes the org as it is in the org config
// format; a run without --confirm only prints; --confirm sets org settings, invites and removes members, creates,
// nests, renames and deletes teams with their members and repo permissions, and creates and updates repositories; a
// second run changes nothing; a config that would remove more than --maximum-removal-delta, or breaks a rule, changes
// nothing and says why.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfigYaml, toYaml } from '../../src/config/yaml.js';
import { FakeGitHub } from '../fakes/github/index.js';
import { pendingInvitations } from '../fakes/github/routes/hooks-invitations.js';
import { githubArgs, runProw } from './subcommand.js';

jest.setTimeout(120_000);

const ADMINS = ['k8s-ci-robot', 'root', 'ada'];

describe('prow peribolos', () => {
  let gh: FakeGitHub;
  let tmp: string;
  let token: string;

  const write = (content: unknown): string => {
    const p = path.join(tmp, `org-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(p, typeof content === 'string' ? content : toYaml(content));
    return p;
  };
  const FIX = ['--fix-org', '--fix-org-members', '--fix-teams', '--fix-team-members', '--fix-team-repos', '--fix-repos', '--min-admins=2'];
  const run = (config: unknown, ...extra: string[]) => runProw(['peribolos', `--config-path=${write(config)}`, ...githubArgs(gh, token), ...FIX, ...extra]);
  const team = (slug: string) => gh.state.org('acme').teams.find((t) => t.slug === slug);

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-peribolos-'));
    token = path.join(tmp, 'token');
    writeFileSync(token, 'peribolos-token');
    gh = await FakeGitHub.start();
    gh.addUser('frank');
    gh.addOrg('acme', { admins: ADMINS, members: ['alice', 'bob', 'carol', 'dave', 'erin'] });
    gh.addTeam('acme', 'Reviewers', { slug: 'reviewers', members: ['alice'], maintainers: ['bob'], repos: { 'acme/widgets': 'write' } });
    gh.addTeam('acme', 'Old Name', { slug: 'old-name', members: ['carol'] });
    gh.addTeam('acme', 'Obsolete', { slug: 'obsolete' });
    gh.addTeam('acme', 'Keepers', { slug: 'keepers' });
    await gh.createRepo('acme', 'widgets', { files: { 'README.md': 'w\n' }, defaultBranch: 'main', description: 'Widgets' });
    await gh.createRepo('acme', 'old-gadgets', { files: { 'README.md': 'g\n' }, defaultBranch: 'main' });
  });

  afterAll(async () => {
    await gh.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('--dump prints the org as it is, in the org config format', async () => {
    const r = await runProw(['peribolos', '--dump=acme', ...githubArgs(gh, token)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const dumped = parseConfigYaml(r.stdout) as { admins: string[]; members: string[]; teams: Record<string, unknown>; repos: Record<string, unknown> };
    expect(dumped.admins.sort()).toEqual([...ADMINS].sort());
    expect(dumped.members.sort()).toEqual(['alice', 'bob', 'carol', 'dave', 'erin']);
    expect(dumped.teams.Reviewers).toEqual({ description: '', privacy: 'closed', maintainers: ['bob'], members: ['alice'], repos: { widgets: 'write' } });
    expect(dumped.repos.widgets).toEqual({ description: 'Widgets', has_projects: true, default_branch: 'main' });
    const full = await runProw(['peribolos', '--dump=acme', '--dump-full', ...githubArgs(gh, token)]);
    expect(Object.keys((parseConfigYaml(full.stdout) as { orgs: object }).orgs)).toEqual(['acme']);
  });

  const wanted = {
    orgs: {
      acme: {
        description: 'The Acme org',
        has_repository_projects: false,
        admins: ADMINS,
        members: ['alice', 'bob', 'carol', 'dave', 'frank', 'ghost'],
        teams: {
          Reviewers: {
            description: 'Code reviewers',
            maintainers: ['bob'],
            members: ['alice', 'carol'],
            repos: { widgets: 'maintain', gadgets: 'read' },
            teams: { 'Senior Reviewers': { members: ['alice'] } },
          },
          'New Name': { previously: ['Old Name'], members: ['dave'], privacy: 'closed' },
          Keepers: {},
        },
        repos: {
          widgets: { description: 'Widgets and more', has_wiki: false },
          gadgets: { previously: ['old-gadgets'], homepage: 'https://gadgets.example' },
          fresh: { description: 'A new repo', private: true },
        },
      },
    },
  };

  it('without --confirm it prints what it would change and changes nothing', async () => {
    const before = gh.requests.filter((q) => q.method !== 'GET').length;
    const r = await run(wanted);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('would acme: set org settings description="The Acme org", has_repository_projects=false');
    expect(r.stdout).toContain('would acme: set frank as a member of the org');
    expect(r.stdout).toContain('would acme: remove erin from the org');
    expect(r.stdout).toContain('would acme: create team Senior Reviewers');
    expect(r.stdout).toContain('would acme: delete team obsolete (Obsolete)');
    expect(r.stdout).toContain('would acme: edit team New Name: name="New Name"');
    expect(r.stdout).toContain('would acme: create repo fresh');
    expect(r.stdout).toContain('would acme: update repo old-gadgets: name="gadgets", homepage="https://gadgets.example"');
    expect(r.stdout).toMatch(/dry run \(pass --confirm to apply\): \d+ change\(s\)/);
    expect(gh.requests.filter((q) => q.method !== 'GET').length).toBe(before);
  });

  it('--confirm makes GitHub match the config, and a second run changes nothing', async () => {
    const r = await run(wanted, '--confirm');
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('error:');
    expect(r.code).toBe(0);
    const org = gh.state.org('acme');
    expect(org.settings).toMatchObject({ description: 'The Acme org', has_repository_projects: false });
    // frank is not a member yet: he is invited, as GitHub does.
    expect(org.members.has('frank')).toBe(false);
    expect(pendingInvitations(gh.state, 'frank').orgs).toEqual(['acme']);
    expect(org.members.has('erin')).toBe(false);
    // A login GitHub does not know is skipped with a warning, as upstream (a typo or a deleted account).
    expect(r.stdout).toContain('acme: set ghost as a member of the org: ghost does not exist on GitHub (a typo, or a deleted account): skipped');

    const reviewers = team('reviewers')!;
    expect(reviewers.description).toBe('Code reviewers');
    expect(Object.fromEntries(reviewers.members)).toEqual({ alice: 'member', bob: 'maintainer', carol: 'member' });
    expect(Object.fromEntries(reviewers.repos)).toEqual({ 'acme/widgets': 'maintain', 'acme/gadgets': 'read' });
    expect(reviewers.privacy).toBe('closed');
    const senior = org.teams.find((t) => t.name === 'Senior Reviewers')!;
    expect(senior.parentId).toBe(reviewers.id);
    expect(senior.privacy).toBe('closed');
    expect([...senior.members.keys()]).toEqual(['alice']);
    const renamed = team('old-name')!;
    expect(renamed.name).toBe('New Name');
    expect([...renamed.members.keys()]).toEqual(['dave']);
    expect(team('obsolete')).toBeUndefined();
    expect(team('keepers')).toBeDefined();

    expect(gh.state.repo('acme', 'widgets').description).toBe('Widgets and more');
    expect(gh.state.repo('acme', 'widgets').settings).toMatchObject({ has_wiki: false });
    expect(gh.state.repo('acme', 'gadgets').settings).toMatchObject({ homepage: 'https://gadgets.example' });
    expect(gh.state.repo('acme', 'fresh').private).toBe(true);

    const again = await run(wanted);
    expect(again.code).toBe(0);
    // Only the unknown login is tried again; frank's pending invitation is not repeated.
    expect(again.stdout.split('\n').filter((l) => l.startsWith('would '))).toEqual(['would acme: set ghost as a member of the org']);
    expect(again.stdout).toContain('waiting for frank to accept the invitation to acme');
  });

  it('refuses to remove more than --maximum-removal-delta of the members, and changes nothing', async () => {
    const few = { orgs: { acme: { ...wanted.orgs.acme, description: 'Changed', members: ['alice'] } } };
    const before = gh.requests.filter((q) => q.method !== 'GET').length;
    const r = await run(few, '--confirm');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error: acme: cannot delete 3 memberships or 0\.\d+ of acme \(exceeds limit of 0\.250\)/);
    expect(r.stdout).toContain('nothing changed');
    expect(gh.requests.filter((q) => q.method !== 'GET').length).toBe(before);
    expect(gh.state.org('acme').settings).toMatchObject({ description: 'The Acme org' });
  });

  it('reports every rule a config breaks, with nothing changed', async () => {
    const bad = {
      orgs: {
        acme: {
          admins: ['root', 'ada'],
          members: ['alice', 'bob', 'carol', 'dave', 'frank', 'root'],
          teams: { Reviewers: { members: ['mallory'] } },
          repos: { legacy: { archived: true } },
        },
      },
    };
    const r = await run(bad, '--confirm');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error: acme: authenticated user k8s-ci-robot is not an admin of acme');
    expect(r.stdout).toContain('error: acme: users in both roles: root');
    expect(r.stdout).toContain('error: acme: all team members/maintainers must also be org members: mallory');
    expect(r.stdout).toContain('error: acme: nonexistent repo configured as archived: legacy');
  });

  it('bad files and bad flags are usage errors (exit 2) with the reason', async () => {
    const typo = await run({ orgs: { acme: { member: ['alice'], teams: { X: { privacy: 'hidden' } } } } });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('orgs.acme.member: unknown field');
    expect(typo.stderr).toContain('orgs.acme.teams.X.privacy: must be one of closed, secret (got "hidden")');
    const both = await runProw(['peribolos', '--dump=acme', `--config-path=${write(wanted)}`, ...githubArgs(gh, token)]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('cannot both be set');
    const members = await runProw(['peribolos', `--config-path=${write(wanted)}`, '--fix-team-members', ...githubArgs(gh, token)]);
    expect(members.code).toBe(2);
    expect(members.stderr).toContain('--fix-team-members requires --fix-teams');
  });
});
