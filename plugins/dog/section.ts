// The dog plugin's plugins.yaml section, all that config loading needs of it (handlers: index.ts).
import { defineSection } from '../types.js';
import type { DogSettings } from './index.js';

export const DOG = defineSection<DogSettings>({
  key: 'dog',
  schema: { type: 'object', additionalProperties: false, properties: { endpoint: { type: 'string' }, fine_images_root: { type: 'string' } } },
});
