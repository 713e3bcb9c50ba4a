// The dco plugin's plugins.yaml section, all that config loading needs of it (handlers: index.ts).
import type { Dco } from '../../src/config/types.js';
import { defineSection } from '../types.js';

export const SECTION = defineSection<Record<string, Dco>>({
  key: 'dco',
  schema: {
    type: 'object',
    additionalProperties: {
      type: 'object', additionalProperties: false,
      properties: {
        skip_dco_check_for_members: { type: 'boolean' }, skip_dco_check_for_collaborators: { type: 'boolean' },
        trusted_org: { type: 'string' }, trusted_apps: { type: 'array', items: { type: 'string' } },
        contributing_repo: { type: 'string' }, contributing_branch: { type: 'string' }, contributing_path: { type: 'string' },
      },
    },
  },
});
