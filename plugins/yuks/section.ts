// The yuks plugin's plugins.yaml section, all that config loading needs of it (handlers: index.ts).
import { defineSection } from '../types.js';

export const YUKS = defineSection<{ endpoint?: string }>({
  key: 'yuks',
  schema: { type: 'object', additionalProperties: false, properties: { endpoint: { type: 'string' } } },
});
