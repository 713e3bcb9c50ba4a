// The pony plugin's plugins.yaml section, all that config loading needs of it (handlers: index.ts).
import { defineSection } from '../types.js';

export const PONY_SECTION = defineSection<{ endpoint?: string }>({
  key: 'pony',
  schema: { type: 'object', additionalProperties: false, properties: { endpoint: { type: 'string' } } },
});
