// The milestoneapplier plugin's plugins.yaml section, all that config loading needs of it (handlers: index.ts).
import { defineSection } from '../types.js';
import type { BranchToMilestone } from './index.js';

export const SECTION = defineSection<Record<string, BranchToMilestone>>({
  key: 'milestone_applier',
  schema: { type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'string' } } },
});
