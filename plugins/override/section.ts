// The override plugin's plugins.yaml section, all that config loading needs of it (handlers: index.ts).
import { defineSection } from '../types.js';
import type { OverrideSettings } from './index.js';

export const SECTION = defineSection<OverrideSettings>({
  key: 'override',
  schema: {
    type: 'object', additionalProperties: false,
    properties: {
      allow_top_level_owners: { type: 'boolean' },
      allowed_github_teams: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
    },
  },
});
