// The PR dashboard's pure parts: which searches it accepts and which repos a search as the bot may show.
import { describe, expect, it } from '@jest/globals';
import type { Config } from '../../../src/config/types.js';
import { inScope, normalizeQuery, tideScope } from '../../../roles/deck/pr-status.js';

describe('PR dashboard search', () => {
  it.each([
    ['author:alice', 'is:pr author:alice'],
    ['  is:pr   repo:o/r  author:a head:b ', 'is:pr repo:o/r author:a head:b'],
    ['type:pr state:open', 'type:pr state:open'],
    ['is:issue label:bug', 'is:pr is:issue label:bug'],
    ['', 'is:pr'],
  ])('%j → %j', (q, want) => {
    expect(normalizeQuery(q)).toBe(want);
  });

  it('keeps a bot search to the orgs and repos Tide\'s queries cover, less excluded repos', () => {
    const cfg = { tide: { queries: [{ orgs: ['Acme'], excludedRepos: ['acme/private'] }, { repos: ['other/app'] }] } } as Config;
    expect(tideScope(cfg)).toEqual({ orgs: new Set(['acme']), repos: new Set(['other/app']), excluded: new Set(['acme/private']) });
    const scope = tideScope(cfg);
    expect(['acme/app', 'ACME/Tools', 'acme/private', 'other/app', 'other/lib', 'secret/vault'].filter((r) => inScope(scope, r))).toEqual(['acme/app', 'ACME/Tools', 'other/app']);
    expect(tideScope({})).toEqual({ orgs: new Set(), repos: new Set(), excluded: new Set() });
  });
});
