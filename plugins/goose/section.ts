// The goose plugin's plugins.yaml section, all that config loading needs of it (handlers: index.ts).
import { defineSection } from '../types.js';
import type { GooseSettings } from './index.js';

export const GOOSE = defineSection<GooseSettings>({
  key: 'goose',
  schema: { type: 'object', additionalProperties: false, properties: { key_path: { type: 'string' }, endpoint: { type: 'string' } } },
});
