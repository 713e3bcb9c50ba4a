// Every field of upstream's Go config types (tools/upstream-schema, generated from sigs.k8s.io/prow) is accepted by
// the schemas the loader validates with, at the same place, and numbers/booleans decode into strings as upstream's
// decoder turns them.
import { describe, expect, it } from '@jest/globals';
import type { SchemaObject } from 'ajv';
import { DEFS_SCHEMA, JOB_CONFIG_SCHEMA, PROW_YAML_SCHEMA, pluginConfigSchema, prowConfigSchema } from '../../../src/config/schemas/index.js';
import { UPSTREAM_TYPES } from '../../../src/config/schemas/upstream-types.generated.js';
import { checkSchema, goScalarString } from '../../../src/config/schema-check.js';

const DEFS = DEFS_SCHEMA.$defs as Record<string, SchemaObject>;

function deref(s: SchemaObject): SchemaObject {
  const r = s.$ref as string | undefined;
  return r ? deref(DEFS[r.slice(r.lastIndexOf('/') + 1)]!) : s;
}

/** Field paths the upstream schema has that `ours` does not accept (an open schema accepts everything below it). */
function missingFields(upstream: SchemaObject, ours: SchemaObject, at = '', seen = new Set<SchemaObject>()): string[] {
  const u = deref(upstream);
  const o = deref(ours);
  if (seen.has(u)) return [];
  seen.add(u);
  const open = o.properties === undefined && o.additionalProperties === undefined && o.items === undefined;
  if (open) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries((u.properties ?? {}) as Record<string, SchemaObject>)) {
    const mine = (o.properties as Record<string, SchemaObject> | undefined)?.[k];
    if (mine) out.push(...missingFields(v, mine, `${at}.${k}`, seen));
    else if (o.additionalProperties === false || o.additionalProperties === undefined) out.push(`${at}.${k}`);
  }
  if (typeof u.additionalProperties === 'object' && typeof o.additionalProperties === 'object') out.push(...missingFields(u.additionalProperties, o.additionalProperties, `${at}.*`, seen));
  if (u.items && o.items) out.push(...missingFields(u.items as SchemaObject, o.items as SchemaObject, `${at}[]`, seen));
  return out;
}

describe("upstream's Go config types", () => {
  it('every field of the core config, job configs and .prow.yaml is known', () => {
    expect(missingFields(UPSTREAM_TYPES.prowConfig!, prowConfigSchema())).toEqual([]);
    expect(missingFields(UPSTREAM_TYPES.jobConfig!, JOB_CONFIG_SCHEMA)).toEqual([]);
    expect(missingFields(UPSTREAM_TYPES.prowYaml!, PROW_YAML_SCHEMA)).toEqual([]);
    for (const kind of ['presubmit', 'postsubmit', 'periodic', 'preset']) expect({ kind, missing: missingFields(UPSTREAM_TYPES[kind]!, DEFS[kind]!) }).toEqual({ kind, missing: [] });
  });

  it('every field of plugins.yaml is known where no plugin owns the section', () => {
    expect(missingFields(UPSTREAM_TYPES.pluginConfig!, pluginConfigSchema([]))).toEqual([]);
  });

  it('the walk finds a field that is missing', () => {
    expect(missingFields({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } }, { type: 'object', properties: { a: {} }, additionalProperties: false })).toEqual(['.b']);
  });

  it("numbers and booleans become Go's text for them where upstream converts", () => {
    expect([goScalarString(15000), goScalarString(1.37), goScalarString(1), goScalarString(true), goScalarString(0.1), goScalarString(1234567.5), goScalarString(0.00001)]).toEqual([
      '15000', '1.37', '1', 'true', '0.1', '1.2345675e+06', '1e-05',
    ]);
    const jobs = { presets: [{ env: [{ name: 'N', value: 15000 }, { name: 'B', value: true }] }] };
    expect(checkSchema('job-config', jobs)).toEqual([]);
    expect(jobs.presets[0]!.env.map((e) => e.value)).toEqual(['15000', 'true']);
    // config.yaml: upstream reaches these fields through embedded structs and converts nothing.
    const core = { pod_namespace: 123 };
    expect(checkSchema('prow-config', core).map((p) => `${p.path}: ${p.message}`)).toEqual(['pod_namespace: must be string']);
  });
});
