// The sigmention plugin's plugins.yaml section, all that config loading needs of it (handlers: index.ts).
import { defineSection } from '../types.js';

export const SIGMENTION = defineSection<{ regexp?: string }>({
  key: 'sigmention',
  schema: { type: 'object', additionalProperties: false, properties: { regexp: { type: 'string' } } },
  check: (s, report) => report.regex('regexp', s.regexp),
});
