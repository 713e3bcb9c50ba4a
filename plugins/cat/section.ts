// The cat plugin's plugins.yaml section, all that config loading needs of it (handlers: index.ts).
import { defineSection } from '../types.js';
import type { CatSettings } from './index.js';

export const CAT = defineSection<CatSettings>({
  key: 'cat',
  schema: { type: 'object', additionalProperties: false, properties: { key_path: { type: 'string' }, endpoint: { type: 'string' } } },
});
