// Trigger's plugins.yaml section, `triggers`: a list of entries each naming the orgs and repos it applies to.
import type { PluginsConfig } from '../../src/config/types.js';
import { checkReposOnce, entryForRepo } from '../shared/resolve.js';
import { defineSection, type PluginConfigSpec } from '../types.js';

export interface TriggerSettings {
  repos?: string[];
  trusted_org?: string;
  trusted_apps?: string[];
  join_org_url?: string;
  only_org_members?: boolean;
  ignore_ok_to_test?: boolean;
  trigger_github_workflows?: boolean;
  org_invite?: { prominent?: { disabled?: boolean; merged_pr_threshold?: number; message?: string } };
}

const str = { type: 'string' };
const bool = { type: 'boolean' };

const TRIGGERS = defineSection<TriggerSettings[]>({
  key: 'triggers',
  schema: {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      properties: {
        repos: { type: 'array', items: str },
        trusted_org: str,
        trusted_apps: { type: 'array', items: str },
        join_org_url: str,
        only_org_members: bool,
        ignore_ok_to_test: bool,
        trigger_github_workflows: bool,
        org_invite: {
          type: 'object',
          additionalProperties: false,
          properties: {
            prominent: { type: 'object', additionalProperties: false, properties: { disabled: bool, merged_pr_threshold: { type: 'number' }, message: str } },
          },
        },
      },
    },
  },
  mergeable: true,
  defaults: (entries) => entries?.map(withDefaults),
  check: (entries, report) => checkReposOnce('triggers', entries, (p, m) => report.error(p, m)),
});

/** Upstream's default: people join the trusted org through its people page. */
function withDefaults(t: TriggerSettings): TriggerSettings {
  if (t.trusted_org && !t.join_org_url) return { ...t, join_org_url: `https://github.com/orgs/${t.trusted_org}/people` };
  return t;
}

/** Upstream's TriggerFor: the entry naming org/repo, else one naming the org, else defaults. */
export function triggerFor(pc: PluginsConfig, org: string, repo: string): TriggerSettings {
  return withDefaults(entryForRepo(pc.triggers as TriggerSettings[] | undefined, org, repo) ?? {});
}

function describe(t: TriggerSettings, where: string): string {
  const org = where.split('/')[0]!;
  const who = t.only_org_members ? 'members of the org' : 'members of the org and repo collaborators';
  const trustedOrg = t.trusted_org && t.trusted_org !== org ? `, and members of ${t.trusted_org}` : '';
  const apps = t.trusted_apps && t.trusted_apps.length > 0 ? `, and the GitHub apps ${t.trusted_apps.join(', ')}` : '';
  return `The trusted GitHub organization for this repository is "${org}". Jobs start automatically for PRs by ${who}${trustedOrg}${apps}.${
    t.ignore_ok_to_test ? ' /ok-to-test is ignored in this repository.' : ''}`;
}

export const TRIGGER_CONFIG: PluginConfigSpec<TriggerSettings> = {
  sections: [TRIGGERS],
  resolve: (pc, { org, repo }) => triggerFor(pc, org, repo),
  describe,
};
