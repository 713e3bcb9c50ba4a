// The slackevents plugin's plugins.yaml section, all that config loading needs of it (handlers: index.ts).
import { defineSection } from '../types.js';
import type { SlackSettings } from './index.js';

export const strList = { type: 'array', items: { type: 'string' } };

export const SLACK = defineSection<SlackSettings>({
  key: 'slack',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      mentionchannels: strList,
      mergewarnings: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          properties: { repos: strList, channels: strList, exempt_users: strList, exempt_branches: { type: 'object', additionalProperties: strList } },
        },
      },
    },
  },
});
