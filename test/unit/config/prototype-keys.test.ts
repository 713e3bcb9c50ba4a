// Lookups keyed by text from webhooks, job artifacts or config never find inherited Object properties: an org
// called `constructor` or `__proto__` is just an org nothing is configured for.
import { describe, expect, it } from '@jest/globals';
import { externalPluginsFor, pluginsFor } from '../../../roles/hook/plugin-config.js';
import { decodeEntities } from '../../../roles/deck/xml.js';
import { canTransition } from '../../../src/api/state.js';
import { branchProtectionPolicy } from '../../../src/config/branch-protection.js';
import { parseGoDuration } from '../../../src/config/duration.js';
import { postsubmitsFor, presubmitsFor } from '../../../src/config/jobs.js';
import { inRepoAllowedClusters, inRepoConfigEnabled } from '../../../src/config/lookup.js';
import type { Config, PluginsConfig } from '../../../src/config/types.js';
import { renderTemplate } from '../../../src/report/template.js';
import type { ProwJobState } from '../../../src/api/prowjob.js';

const KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('lookups keyed by untrusted text', () => {
  const pc: PluginsConfig = { plugins: { org: { plugins: ['trigger'] } }, external_plugins: { org: [{ name: 'x', endpoint: 'http://x' }] } };
  const c: Config = { in_repo_config: { enabled: { '*': false }, allowed_clusters: { '*': ['default'] } }, presubmits: {}, postsubmits: {}, 'branch-protection': { orgs: {} } };

  it.each(KEYS)('finds nothing configured for org or repo %s', (k) => {
    expect(pluginsFor(pc, k, 'x')).toEqual([]);
    expect(pluginsFor(pc, 'org', k)).toEqual(['trigger']);
    expect(externalPluginsFor(pc, k, 'x', 'issue_comment')).toEqual([]);
    expect(externalPluginsFor(pc, k, undefined, 'issue_comment')).toEqual([]);
    expect(inRepoConfigEnabled(c, k, k)).toBe(false);
    expect(inRepoAllowedClusters(c, k, k)).toEqual(['default']);
    expect(presubmitsFor(c, k)).toEqual([]);
    expect(postsubmitsFor(c, k)).toEqual([]);
    expect(branchProtectionPolicy(c, k, k, k)).toEqual({});
  });

  it.each(KEYS)('does not take %s for a duration unit, an XML entity, a template function or a job state', (k) => {
    expect(() => parseGoDuration(`1${k}`)).toThrow(/unknown unit/);
    expect(decodeEntities(`a&${k};b`)).toBe(`a&${k};b`);
    expect(() => renderTemplate(`{{${k}}}`, {})).toThrow(/not defined/);
    expect(canTransition(k as ProwJobState, 'success')).toBe(false);
  });
});
