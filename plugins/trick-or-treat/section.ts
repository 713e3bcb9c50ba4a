// The trick-or-treat plugin's plugins.yaml section, all that config loading needs of it (handlers: index.ts).
import { defineSection } from '../types.js';

export const SECTION = defineSection<{ images?: string[] }>({
  key: 'trick_or_treat',
  schema: { type: 'object', additionalProperties: false, properties: { images: { type: 'array', items: { type: 'string' } } } },
});
