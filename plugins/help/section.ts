// The help plugin's plugins.yaml section, all that config loading needs of it (handlers: index.ts).
import { defineSection } from '../types.js';

export const HELP = defineSection<{ help_guidelines_url?: string; help_guidelines_summary?: string }>({
  key: 'help',
  schema: { type: 'object', additionalProperties: false, properties: { help_guidelines_url: { type: 'string' }, help_guidelines_summary: { type: 'string' } } },
});
