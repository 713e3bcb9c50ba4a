// Checks a parsed YAML document against one of the repo's JSON Schemas (schemas/index.ts) with ajv, turning each
// ajv error into a ConfigProblem: unknown fields become 'unknown-field' warnings, wrong types become errors.
import type { ErrorObject } from 'ajv';
import * as generated from './schemas/validators.generated.js';
import { UPSTREAM_STRING_TARGETS, type StringTargets } from './schemas/upstream-types.generated.js';
import { joinPath, type ConfigProblem } from './errors.js';

export type SchemaName = 'prow-config' | 'job-config' | 'plugin-config' | 'prow-yaml';

/** An ajv validator (precompiled into schemas/validators.generated.js; see schemas/standalone.ts). */
type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

const VALIDATORS: Record<SchemaName, Validator> = {
  'prow-config': generated.prowConfig,
  'job-config': generated.jobConfig,
  'plugin-config': generated.pluginConfig,
  'prow-yaml': generated.prowYaml,
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

/**
 * Go's text for a YAML scalar decoded into a string field (sigs.k8s.io/yaml): integers as written, floats in the
 * shortest form that reads back as the same float32 ('g' format), booleans as true/false.
 */
export function goScalarString(v: number | boolean): string {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Number.isInteger(v) && Math.abs(v) < 2 ** 53) return String(v);
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : v < 0 ? '-Inf' : 'NaN';
  const f = Math.fround(v);
  let digits = '';
  for (let p = 1; p <= 9; p++) {
    digits = f.toExponential(p - 1);
    if (Math.fround(Number(digits)) === f) break;
  }
  const [mant, expStr] = digits.split('e') as [string, string];
  const exp = Number(expStr);
  // Go's %g with shortest precision switches to exponent form below 1e-4 and from 1e6.
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(Number(digits));
}

const pointerSegments = (pointer: string): string[] => pointer.slice(1).split('/').map((x) => x.replace(/~1/g, '/').replace(/~0/g, '~'));

/** Whether upstream's decoder turns a scalar at this path into a string (see UPSTREAM_STRING_TARGETS). */
function isStringTarget(targets: StringTargets | null | undefined, doc: unknown, segs: readonly string[]): boolean {
  let t: StringTargets | null | undefined = targets;
  let node: unknown = doc;
  for (const seg of segs) {
    if (t === undefined || t === null || t === 1) return false;
    t = Array.isArray(node) ? t['[]'] : Object.hasOwn(t, seg) ? t[seg] : t['*'];
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
  }
  return t === 1;
}

/**
 * Upstream decodes a YAML number or boolean written where its Go field is a string into that string
 * (`value: 15000` → "15000", `yes` → "true") wherever sigs.k8s.io/yaml sees the target field: not in config.yaml,
 * whose fields upstream reaches through embedded structs, nor below pointers. The fast path validates as is; only a
 * document with such mismatches has them converted in place, then is validated again.
 */
function coerceScalarsToStrings(name: SchemaName, errors: readonly ErrorObject[], doc: unknown): boolean {
  const targets = UPSTREAM_STRING_TARGETS[name];
  if (!targets) return false;
  let changed = false;
  for (const e of errors) {
    if (e.keyword !== 'type' || e.instancePath === '') continue;
    const segs = pointerSegments(e.instancePath);
    if (!isStringTarget(targets, doc, segs)) continue;
    let parent: unknown = doc;
    for (const seg of segs.slice(0, -1)) parent = (parent as Record<string, unknown>)[seg];
    const key = segs[segs.length - 1]!;
    const v = (parent as Record<string, unknown>)[key];
    if (typeof v === 'number' || typeof v === 'boolean') {
      (parent as Record<string, unknown>)[key] = goScalarString(v);
      changed = true;
    }
  }
  return changed;
}

/** Every schema problem in a document (empty when it conforms). Numbers and booleans in string fields become strings. */
export function checkSchema(name: SchemaName, doc: unknown, file?: string): ConfigProblem[] {
  const v = validator(name);
  if (v(doc)) return [];
  if (coerceScalarsToStrings(name, v.errors ?? [], doc) && v(doc)) return [];
  return (v.errors ?? []).map((e) => toProblem(e, file));
}
