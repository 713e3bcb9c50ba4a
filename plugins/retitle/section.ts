// The retitle plugin's plugins.yaml section, all that config loading needs of it (handlers: index.ts).
import { defineSection } from '../types.js';

export const SECTION = defineSection<{ allow_closed_issues?: boolean }>({
  key: 'retitle',
  schema: { type: 'object', additionalProperties: false, properties: { allow_closed_issues: { type: 'boolean' } } },
});
