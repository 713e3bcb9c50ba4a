// The golint plugin's plugins.yaml section, all that config loading needs of it (handlers: index.ts).
import { defineSection } from '../types.js';

export const GOLINT = defineSection<{ minimum_confidence?: number }>({
  key: 'golint',
  schema: { type: 'object', additionalProperties: false, properties: { minimum_confidence: { type: 'number' } } },
  check: (g, report) => {
    if (g.minimum_confidence !== undefined && (g.minimum_confidence < 0 || g.minimum_confidence > 1)) report.error('minimum_confidence', 'must be between 0 and 1');
  },
});
