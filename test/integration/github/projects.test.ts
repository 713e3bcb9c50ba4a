// src/github/projects.ts over HTTP against the fake GitHub: an org's projects read across GraphQL pages with their
// Status columns, a board found by a title search, a user's projects, an issue's and a PR's items, adding (twice gives the same item), setting the
// column, removing, GitHub's errors as client errors, and dry-run mode sending no mutation.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createGitHubFactory } from '../../../src/github/factory.js';
import { findOpenProjectV2 } from '../../../src/github/projects-v2.js';
import type { GitHubClient } from '../../../src/github/client.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { FakeGitHub } from '../../fakes/github/index.js';

describe('Projects (v2) client', () => {
  let gh: FakeGitHub;
  let dir: string;
  let client: (dryRun?: boolean) => GitHubClient;
  beforeAll(async () => {
    gh = await FakeGitHub.start({ rateLimits: { graphql: 1_000_000 } });
    dir = mkdtempSync(path.join(os.tmpdir(), 'projects-client-'));
    writeFileSync(path.join(dir, 'token'), 'tok');
    gh.addOrg('org');
    gh.addUser('solo');
    await gh.createRepo('org', 'repo', { defaultBranch: 'main' });
    await gh.createRepo('solo', 'mine', { defaultBranch: 'main' });
    for (let i = 0; i < 149; i++) gh.createProjectV2('org', `Board ${i}`);
    gh.createProjectV2('org', 'Last', ['Backlog', 'Done']);
    gh.createProjectV2('solo', 'Personal', ['Todo']);
    await gh.createIssue('org', 'repo', 'alice', { title: 'an issue' });
    await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'a.txt': 'a\n' } });
    const logger = createRootLogger({ stream: new PassThrough(), level: 'error' });
    client = (dryRun = false) => createGitHubFactory({ endpoints: [gh.url], graphqlEndpoint: gh.graphqlUrl, host: 'github.com', tokenPath: path.join(dir, 'token'), dryRun }, logger)!.forOrg('org');
  });
  afterAll(async () => {
    await gh.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists every project of an org across pages, with the Status columns', async () => {
    const before = gh.requests.length;
    const projects = await client().listProjectsV2('org');
    expect(projects).toHaveLength(150);
    expect(gh.requests.slice(before).filter((r) => r.path === '/graphql')).toHaveLength(2);
    const last = projects.find((p) => p.title === 'Last')!;
    expect(last).toMatchObject({ number: 150, closed: false });
    expect(last.status?.columns.map((c) => c.name)).toEqual(['Backlog', 'Done']);
    expect(projects[0]!.status?.columns.map((c) => c.name)).toEqual(['Todo', 'In Progress', 'Done']);
  });

  it('finds a board by title with one search; a miss reads every project for the list', async () => {
    const c = client();
    let before = gh.requests.length;
    const hit = await findOpenProjectV2(c, 'org', 'Last');
    expect(hit.project?.title).toBe('Last');
    expect(hit.all).toBeUndefined();
    expect(gh.requests.slice(before).filter((r) => r.path === '/graphql')).toHaveLength(1);
    before = gh.requests.length;
    const miss = await findOpenProjectV2(c, 'org', 'Nope');
    expect(miss.project).toBeUndefined();
    expect(miss.all).toHaveLength(150);
    expect(gh.requests.slice(before).filter((r) => r.path === '/graphql')).toHaveLength(3);
    // A closed project is not a board, even when the search finds it.
    gh.createProjectV2('solo', 'Shut', ['Todo'], { closed: true });
    expect((await findOpenProjectV2(c, 'solo', 'Shut')).project).toBeUndefined();
  });

  it('lists a user\'s projects too; an unknown owner is an error', async () => {
    expect((await client().listProjectsV2('solo')).map((p) => p.title)).toEqual(['Personal', 'Shut']);
    await expect(client().listProjectsV2('nobody-at-all')).rejects.toThrow('no org or user nobody-at-all');
  });

  it('adds an issue and a PR, sets and reads their column, and removes one', async () => {
    const c = client();
    const last = (await c.listProjectsV2('org')).find((p) => p.title === 'Last')!;
    const done = last.status!.columns.find((x) => x.name === 'Done')!;
    for (const n of [1, 2]) {
      const { contentId, items } = await c.projectItemsOf('org', 'repo', n);
      expect(items).toEqual([]);
      const itemId = (await c.addProjectV2Item(last.id, contentId))!;
      expect(await c.addProjectV2Item(last.id, contentId)).toBe(itemId);
      expect((await c.projectItemsOf('org', 'repo', n)).items).toEqual([{ id: itemId, projectId: last.id, column: null }]);
      await c.setProjectV2ItemColumn(last.id, itemId, last.status!.fieldId, done.id);
      expect((await c.projectItemsOf('org', 'repo', n)).items).toEqual([{ id: itemId, projectId: last.id, column: { id: done.id, name: 'Done' } }]);
    }
    expect(gh.projectsOf('org', 'repo', 2)).toEqual({ Last: 'Done' });
    const { items } = await c.projectItemsOf('org', 'repo', 2);
    await c.deleteProjectV2Item(last.id, items[0]!.id);
    expect(gh.projectsOf('org', 'repo', 2)).toEqual({});
    expect(gh.projectsOf('org', 'repo', 1)).toEqual({ Last: 'Done' });
  });

  it('reports GitHub\'s errors: an option of another field, an unknown project', async () => {
    const c = client();
    const projects = await c.listProjectsV2('org');
    const last = projects.find((p) => p.title === 'Last')!;
    const other = projects.find((p) => p.title === 'Board 0')!;
    const item = (await c.projectItemsOf('org', 'repo', 1)).items[0]!;
    await expect(c.setProjectV2ItemColumn(last.id, item.id, last.status!.fieldId, other.status!.columns[0]!.id)).rejects.toThrow('does not belong to the field');
    await expect(c.deleteProjectV2Item('bm90LWEtcHJvamVjdA==', item.id)).rejects.toThrow('Could not resolve to a node');
    await expect(c.projectItemsOf('org', 'repo', 99)).rejects.toThrow('Could not resolve to an issue or pull request');
  });

  it('sends no mutation in dry-run mode', async () => {
    const c = client(true);
    const last = (await c.listProjectsV2('org')).find((p) => p.title === 'Last')!;
    const { contentId } = await c.projectItemsOf('org', 'repo', 2);
    expect(await c.addProjectV2Item(last.id, contentId)).toBeUndefined();
    expect(gh.projectsOf('org', 'repo', 2)).toEqual({});
  });
});
