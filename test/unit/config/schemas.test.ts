// The schemas and the precompiled validators are generated files: they must match what the generator makes now.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfigYaml } from '../../../src/config/yaml.js';
import { schemaFromDocumented } from '../../../src/config/schemas/generate.js';
import { PLUGIN_CONFIG_DOCUMENTED, PROW_CONFIG_DOCUMENTED } from '../../../src/config/schemas/generated.js';
import { generatedValidators } from '../../../src/cli/generate-validators.js';
import { REFERENCE_DIR } from './temp.js';

const SCHEMAS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src/config/schemas');

describe('generated schemas', () => {
  it('know every field of the documented reference configs', () => {
    expect(PROW_CONFIG_DOCUMENTED).toEqual(schemaFromDocumented(parseConfigYaml(readFileSync(path.join(REFERENCE_DIR, 'prow-config-documented.yaml'), 'utf8'))));
    expect(PLUGIN_CONFIG_DOCUMENTED).toEqual(schemaFromDocumented(parseConfigYaml(readFileSync(path.join(REFERENCE_DIR, 'plugin-config-documented.yaml'), 'utf8'))));
  });

  it('validators.generated.js is current, plugin-owned sections included (regenerate with `generate-validators.js`)', () => {
    expect(readFileSync(path.join(SCHEMAS, 'validators.generated.js'), 'utf8') === generatedValidators()).toBe(true);
  });

  it('documented maps become open maps, documented objects closed ones', () => {
    expect(schemaFromDocumented({ a: { '': 0 }, b: { c: ' ', d: false }, e: [''], f: null })).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        a: { type: 'object', additionalProperties: { type: 'number' } },
        b: { type: 'object', additionalProperties: false, properties: { c: { type: 'string' }, d: { type: 'boolean' } } },
        e: { type: 'array', items: { type: 'string' } },
        f: {},
      },
    });
  });
});
