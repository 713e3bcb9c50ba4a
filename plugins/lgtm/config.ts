// lgtm's plugins.yaml section, `lgtm`: a list of entries naming the orgs and repos each applies to.
import type { Lgtm } from '../../src/config/types.js';
import { checkReposOnce, entryForRepo } from '../shared/resolve.js';
import { defineSection, type PluginConfigSpec } from '../types.js';

export type LgtmSettings = Lgtm;

const LGTM_SECTION = defineSection<Lgtm[]>({
  key: 'lgtm',
  schema: {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      properties: {
        repos: { type: 'array', items: { type: 'string' } },
        review_acts_as_lgtm: { type: 'boolean' },
        store_tree_hash: { type: 'boolean' },
        trusted_team_for_sticky_lgtm: { type: 'string' },
      },
    },
  },
  mergeable: true,
  check: (entries, report) => checkReposOnce('lgtm', entries, (p, m) => report.error(p, m)),
});

/** Upstream's help prose per repo (nothing when the repo uses the defaults). */
function describe(o: Lgtm): string {
  const items: string[] = [];
  if (o.review_acts_as_lgtm) items.push('<li>Reviews of "approve" or "request changes" act as adding or removing LGTM.</li>');
  if (o.store_tree_hash) items.push('<li>Squashing commits does not remove LGTM.</li>');
  if (o.trusted_team_for_sticky_lgtm) items.push(`<li>Commits from "${o.trusted_team_for_sticky_lgtm}" do not remove LGTM.</li>`);
  return items.length === 0 ? '' : ['The plugin has the following configuration:<ul>', ...items, '</ul>'].join('\n');
}

export const LGTM_CONFIG: PluginConfigSpec<Lgtm> = {
  sections: [LGTM_SECTION],
  resolve: (pc, { org, repo }) => entryForRepo(pc.lgtm, org, repo) ?? {},
  describe,
};
