// The welcome plugin's plugins.yaml section, all that config loading needs of it (handlers: index.ts).
import type { Welcome } from '../../src/config/types.js';
import { defineSection } from '../types.js';

export const WELCOME = defineSection<Welcome[]>({
  key: 'welcome',
  schema: {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      properties: { repos: { type: 'array', items: { type: 'string' } }, message_template: { type: 'string' }, always_post: { type: 'boolean' } },
    },
  },
  mergeable: true,
  check: (entries, report) => entries.forEach((e, i) => report.template(`[${i}].message_template`, e.message_template)),
});
