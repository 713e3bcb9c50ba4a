// The jira plugin's plugins.yaml section, all that config loading needs of it (handlers: index.ts).
import { defineSection } from '../types.js';
import type { JiraSettings } from './index.js';

export const JIRA = defineSection<JiraSettings>({
  key: 'jira',
  schema: { type: 'object', additionalProperties: false, properties: { disabled_jira_projects: { type: 'array', items: { type: 'string' } } } },
});
