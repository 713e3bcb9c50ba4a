// Regenerates generated.ts from upstream's documented reference configs and the ProwJob CRD:
//   node dist/src/config/schemas/generate.js prow-config-documented.yaml plugin-config-documented.yaml \
//     prowjob_customresourcedefinition.yaml > src/config/schemas/generated.ts
// then, after `npm run build`, the precompiled validators (standalone.ts, with the plugins' own sections):
//   node dist/src/cli/generate-validators.js > src/config/schemas/validators.generated.js
// A documented config shows every field once with a placeholder value; a map is shown with the key "". From it we
// derive a JSON Schema that knows every field (objects are closed so unknown fields are reported) and each type.
// Fields upstream keeps as raw JSON (null in the documented files) accept anything.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseConfigYaml } from '../yaml.js';

type Schema = Record<string, unknown>;

export function schemaFromDocumented(value: unknown): Schema {
  if (value === null || value === undefined) return {};
  if (Array.isArray(value)) return { type: 'array', items: value.length > 0 ? schemaFromDocumented(value[0]) : {} };
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1 && entries[0]![0] === '') return { type: 'object', additionalProperties: schemaFromDocumented(entries[0]![1]) };
    const properties: Record<string, Schema> = {};
    for (const [k, v] of entries) properties[k] = schemaFromDocumented(v);
    return { type: 'object', properties, additionalProperties: false };
  }
  if (typeof value === 'boolean') return { type: 'boolean' };
  if (typeof value === 'number') return { type: 'number' };
  // Kubernetes quantities are documented as "0" and may be written as numbers.
  if (value === '0') return { type: ['string', 'number'] };
  return { type: 'string' };
}

/** CRD structural schema → plain closed JSON Schema (no descriptions, formats, required lists or Kubernetes extensions). */
export function schemaFromCRD(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(schemaFromCRD);
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const out: Schema = {};
  for (const [k, v] of Object.entries(obj)) {
    // Required fields are enforced when a ProwJob is created, not when config is loaded (Go leaves them empty).
    if (k === 'description' || k === 'format' || k === 'required' || k.startsWith('x-kubernetes-')) continue;
    // A Kubernetes quantity (int-or-string with the quantity grammar) decodes from any JSON number, or a string in
    // that grammar: `cpu: 0.5` is valid. Other int-or-string fields take an integer or any string.
    if (obj['x-kubernetes-int-or-string'] && (k === 'anyOf' || k === 'pattern')) continue;
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, schemaFromCRD(s)])) : schemaFromCRD(v);
  }
  if (obj['x-kubernetes-int-or-string']) {
    if (typeof obj.pattern === 'string') Object.assign(out, { type: ['number', 'string'], pattern: obj.pattern });
    else out.type = ['integer', 'string'];
  }
  if (obj.properties && !obj['x-kubernetes-preserve-unknown-fields'] && obj.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

export const DEFS_ID = 'https://prow.local/schemas/defs.json';

/**
 * Moves every subschema that occurs more than once (and is big enough to matter) into shared definitions referenced
 * by $ref, largest first, so ajv compiles each once (the pod spec repeats the container schema three times).
 */
export function factorRepeated(roots: Record<string, unknown>): { roots: Record<string, unknown>; defs: Record<string, unknown> } {
  const defs: Record<string, unknown> = {};
  let n = 0;
  for (;;) {
    const counts = new Map<string, number>();
    const visit = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(visit);
      else if (v !== null && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (o.$ref === undefined && (o.properties !== undefined || o.items !== undefined)) {
          const key = JSON.stringify(o);
          if (key.length > 300) counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        Object.values(o).forEach(visit);
      }
    };
    visit(roots);
    visit(defs);
    let best: string | undefined;
    for (const [k, c] of counts) if (c > 1 && (best === undefined || k.length > best.length)) best = k;
    if (best === undefined) return { roots, defs };
    const name = `s${n++}`;
    const replace = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(replace);
      if (v === null || typeof v !== 'object') return v;
      if (JSON.stringify(v) === best) return { $ref: `${DEFS_ID}#/$defs/${name}` };
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, replace(x)]));
    };
    roots = replace(roots) as Record<string, unknown>;
    for (const k of Object.keys(defs)) defs[k] = replace(defs[k]);
    defs[name] = JSON.parse(best) as unknown;
  }
}

function main(argv: string[]): void {
  const [prowDoc, pluginDoc, crdPath] = argv;
  if (!prowDoc || !pluginDoc || !crdPath) {
    process.stderr.write('usage: generate PROW_DOCUMENTED PLUGIN_DOCUMENTED PROWJOB_CRD\n');
    process.exitCode = 2;
    return;
  }
  const crd = parseConfigYaml(readFileSync(crdPath, 'utf8')) as {
    spec: { versions: { schema: { openAPIV3Schema: { properties: { spec: { properties: Record<string, unknown> } } } } }[] };
  };
  const spec = crd.spec.versions[0]!.schema.openAPIV3Schema.properties.spec.properties;
  const names: Record<string, string> = {
    CRD_POD_SPEC: 'pod_spec',
    CRD_DECORATION_CONFIG: 'decoration_config',
    CRD_REFS: 'refs',
    CRD_REPORTER_CONFIG: 'reporter_config',
    CRD_RERUN_AUTH_CONFIG: 'rerun_auth_config',
    CRD_PROWJOB_DEFAULTS: 'prowjob_defaults',
    CRD_JENKINS_SPEC: 'jenkins_spec',
  };
  const { roots, defs } = factorRepeated(Object.fromEntries(Object.entries(names).map(([c, f]) => [c, schemaFromCRD(spec[f])])));
  const out = [
    '// Generated by generate.ts from upstream\'s documented configs and the ProwJob CRD. Do not edit by hand.',
    "import type { SchemaObject } from 'ajv';",
    '',
    `export const PROW_CONFIG_DOCUMENTED: SchemaObject = ${JSON.stringify(schemaFromDocumented(parseConfigYaml(readFileSync(prowDoc, 'utf8'))))};`,
    '',
    `export const PLUGIN_CONFIG_DOCUMENTED: SchemaObject = ${JSON.stringify(schemaFromDocumented(parseConfigYaml(readFileSync(pluginDoc, 'utf8'))))};`,
    '',
    `export const DEFS_ID = '${DEFS_ID}';`,
    '/** Subschemas the CRD repeats, shared through $ref. */',
    `export const CRD_SHARED_DEFS: Record<string, SchemaObject> = ${JSON.stringify(defs)};`,
    ...Object.entries(roots).map(([c, schema]) => `export const ${c}: SchemaObject = ${JSON.stringify(schema)};`),
    '',
  ];
  process.stdout.write(out.join('\n'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
