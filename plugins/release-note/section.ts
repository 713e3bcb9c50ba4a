// The release-note plugin's plugins.yaml section, all that config loading needs of it (handlers: index.ts).
import { defineSection } from '../types.js';
import type { ReleaseNoteSettings } from './index.js';

export const SECTION = defineSection<ReleaseNoteSettings>({
  key: 'release_note',
  schema: { type: 'object', additionalProperties: false, properties: { guidelines_url: { type: 'string' } } },
});
