// The invalidcommitmsg plugin's plugins.yaml section, all that config loading needs of it (handlers: index.ts).
import { defineSection } from '../types.js';
import type { InvalidCommitMsgEntry } from './index.js';

export const SECTION = defineSection<InvalidCommitMsgEntry[]>({
  key: 'invalid_commit_msg',
  schema: {
    type: 'array',
    items: {
      type: 'object', additionalProperties: false,
      properties: {
        repos: { type: 'array', items: { type: 'string' } },
        checks: { type: 'array', items: { type: 'object', additionalProperties: false, properties: { name: { type: 'string' }, disabled: { type: 'boolean' } } } },
      },
    },
  },
  mergeable: true,
});
