// The heart plugin's plugins.yaml section, all that config loading needs of it (handlers: index.ts).
import { defineSection } from '../types.js';
import type { Heart } from './index.js';

export const HEART = defineSection<Heart>({
  key: 'heart',
  schema: { type: 'object', additionalProperties: false, properties: { adorees: { type: 'array', items: { type: 'string' } }, commentregexp: { type: 'string' } } },
  check: (h, report) => report.regex('commentregexp', h.commentregexp),
});
