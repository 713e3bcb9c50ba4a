// Checks a parsed YAML document against one of the repo's JSON Schemas (schemas/index.ts) with ajv, turning each
// ajv error into a ConfigProblem: unknown fields become 'unknown-field' warnings, wrong types become errors.
import type { ErrorObject } from 'ajv';
import * as generated from './schemas/validators.generated.js';
import { joinPath, type ConfigProblem } from './errors.js';

export type SchemaName = 'prow-config' | 'job-config' | 'plugin-config' | 'prow-yaml';

/** An ajv validator (precompiled into schemas/validators.generated.ts; see schemas/standalone.ts). */
type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

const VALIDATORS: Record<SchemaName, Validator> = {
  'prow-config': generated.prowConfig as Validator,
  'job-config': generated.jobConfig as Validator,
  'plugin-config': generated.pluginConfig as Validator,
  'prow-yaml': generated.prowYaml as Validator,
};

function validator(name: SchemaName): Validator {
  return VALIDATORS[name];
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
