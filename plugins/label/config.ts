// The label plugin's plugins.yaml section, `label`: extra labels /label may set, and restricted labels (who may set
// them, and whom to assign when another label is added) per `*`, org or org/repo.
import type { PluginsConfig } from '../../src/config/types.js';
import { defineSection, type PluginConfigSpec } from '../types.js';

export interface RestrictedLabel {
  label: string;
  allowed_teams?: string[];
  allowed_users?: string[];
  assign_on?: { label: string }[];
}

export interface LabelSection {
  additional_labels?: string[];
  restricted_labels?: Record<string, RestrictedLabel[]>;
}

/** What the plugin needs for one repo. */
export interface LabelSettings {
  additionalLabels: string[];
  /** Lower-cased label name → its restriction (`*`, then org, then org/repo: the most specific wins). */
  restricted: Map<string, RestrictedLabel>;
}

const str = { type: 'string' };
const strList = { type: 'array', items: str };

const LABEL = defineSection<LabelSection>({
  key: 'label',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      additional_labels: strList,
      restricted_labels: {
        type: 'object',
        additionalProperties: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['label'],
            properties: {
              label: str,
              allowed_teams: strList,
              allowed_users: strList,
              assign_on: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['label'], properties: { label: str } } },
            },
          },
        },
      },
    },
  },
  check: (section, report) => {
    for (const [where, list] of Object.entries(section.restricted_labels ?? {})) {
      const seen = new Set<string>();
      list.forEach((r, i) => {
        const name = r.label.toLowerCase();
        const at = ['restricted_labels', where, i, 'label'];
        if (name === '') report.error(at, 'a restricted label needs a name');
        else if (seen.has(name)) report.error(at, `there are multiple label.restricted_labels configs for label ${r.label}`);
        seen.add(name);
      });
    }
  },
});

/** Upstream's RestrictedLabelsFor: `*`, then the org, then org/repo, later keys replacing earlier ones. */
export function labelSettingsFor(pc: PluginsConfig, org: string, repo: string): LabelSettings {
  const section = (pc.label ?? {}) as LabelSection;
  const restricted = new Map<string, RestrictedLabel>();
  for (const key of ['*', org, `${org}/${repo}`]) {
    for (const r of section.restricted_labels?.[key] ?? []) restricted.set(r.label.toLowerCase(), r);
  }
  return { additionalLabels: section.additional_labels ?? [], restricted };
}

function describe(s: LabelSettings): string {
  const kinds = ['kind', 'priority', 'area', ...s.additionalLabels].map((l) => `"${l}/*"`);
  const text = `The label plugin will work on ${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]} labels.`;
  if (s.restricted.size === 0) return text;
  const restricted = [...s.restricted.values()].map((r) => `${r.label} (teams: ${(r.allowed_teams ?? []).join(', ') || 'none'}; users: ${(r.allowed_users ?? []).join(', ') || 'none'})`);
  return `${text} Restricted labels: ${restricted.join('; ')}.`;
}

export const LABEL_CONFIG: PluginConfigSpec<LabelSettings> = {
  sections: [LABEL],
  resolve: (pc, { org, repo }) => labelSettingsFor(pc, org, repo),
  describe,
};
