// Writes the precompiled config validators (src/config/schemas/validators.generated.js) to stdout, with the
// plugins.yaml sections every registered plugin owns composed in. Run after `npm run build`:
//   node dist/src/cli/generate-validators.js > src/config/schemas/validators.generated.js
// It lives in src/cli because only this layer may see the plugin registry.
import { pathToFileURL } from 'node:url';
import { PLUGIN_REGISTRY } from '../../plugins/sections.js';
import { validatorsModule } from '../config/schemas/standalone.js';

export function generatedValidators(): string {
  return validatorsModule(PLUGIN_REGISTRY.sections);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.stdout.write(generatedValidators());
