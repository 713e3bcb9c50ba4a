// Checks a parsed YAML document against one of the repo's JSON Schemas (schemas/index.ts) with ajv, turning each
// ajv error into a ConfigProblem: unknown fields become 'unknown-field' warnings, wrong types become errors.
import { Ajv, type ErrorObject, type ValidateFunction, type SchemaObject } from 'ajv';
import { DEFS_SCHEMA, JOB_CONFIG_SCHEMA, PROW_YAML_SCHEMA, pluginConfigSchema, prowConfigSchema } from './schemas/index.js';
import { joinPath, type ConfigProblem } from './errors.js';

export type SchemaName = 'prow-config' | 'job-config' | 'plugin-config' | 'prow-yaml';

let ajv: Ajv | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

function validator(name: SchemaName): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    ajv ??= new Ajv({ allErrors: true, strict: false, inlineRefs: false, allowUnionTypes: true, validateFormats: false, code: { optimize: false }, schemas: [DEFS_SCHEMA] });
    const schemas: Record<SchemaName, () => SchemaObject> = {
      'prow-config': prowConfigSchema,
      'job-config': () => JOB_CONFIG_SCHEMA,
      'plugin-config': pluginConfigSchema,
      'prow-yaml': () => PROW_YAML_SCHEMA,
    };
    v = ajv.compile(schemas[name]());
    compiled.set(name, v);
  }
  return v;
}

/** `/presubmits/org~1repo/0` → `presubmits["org/repo"][0]`. */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc: string, seg) => joinPath(acc, /^\d+$/.test(seg) ? Number(seg) : seg), '');
}

function toProblem(e: ErrorObject, file: string | undefined): ConfigProblem {
  const path = pointerToPath(e.instancePath);
  if (e.keyword === 'additionalProperties') {
    const field = (e.params as { additionalProperty: string }).additionalProperty;
    return { severity: 'warning', kind: 'unknown-field', warning: 'unknown-fields', file, path: joinPath(path, field), message: `unknown field "${field}"` };
  }
  if (e.keyword === 'required') {
    const field = (e.params as { missingProperty: string }).missingProperty;
    return { severity: 'error', kind: 'schema', file, path: joinPath(path, field), message: 'required field is missing' };
  }
  return { severity: 'error', kind: 'schema', file, path, message: e.message ?? e.keyword };
}

/** Every schema problem in a document (empty when it conforms). */
export function checkSchema(name: SchemaName, doc: unknown, file?: string): ConfigProblem[] {
  const v = validator(name);
  if (v(doc)) return [];
  return (v.errors ?? []).map((e) => toProblem(e, file));
}
