// Executes a parsed GraphQL operation against plain resolver objects: each object names its `__typename` and
// holds values or functions of the field's arguments (resolved lazily, possibly async). Unknown fields become
// GraphQL errors naming the type, as GitHub reports them.
import type { Document, Selection, Value } from './parser.js';

export type Args = Record<string, unknown>;
export type Resolved = string | number | boolean | null | undefined | GqlObject | Resolved[];
export type FieldValue = Resolved | Promise<Resolved> | ((args: Args) => Resolved | Promise<Resolved>);
export interface GqlObject {
  __typename: string;
  /** Extra type names inline fragments may match (interfaces and unions the type belongs to). */
  __implements?: string[];
  [field: string]: FieldValue | string[] | undefined;
}

export interface GraphQLError {
  message: string;
  path?: (string | number)[];
  type?: string;
}

export class FieldError extends Error {
  constructor(message: string, readonly type?: string) {
    super(message);
  }
}

function isObject(v: unknown): v is GqlObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { __typename?: unknown }).__typename === 'string';
}

export function valueOf(v: Value, vars: Args): unknown {
  switch (v.kind) {
    case 'variable':
      return vars[v.name] ?? null;
    case 'int':
    case 'float':
    case 'string':
    case 'boolean':
      return v.value;
    case 'enum':
      return v.value;
    case 'null':
      return null;
    case 'list':
      return v.values.map((x) => valueOf(x, vars));
    case 'object':
      return Object.fromEntries(Object.entries(v.fields).map(([k, x]) => [k, valueOf(x, vars)]));
  }
}

/** The root objects of the two operation types the fake answers. */
export interface Roots {
  query: GqlObject;
  mutation: GqlObject;
}

export async function execute(doc: Document, roots: Roots, variables: Args, operationName?: string): Promise<{ data: Record<string, unknown> | null; errors?: GraphQLError[] }> {
  const op = operationName ? doc.operations.find((o) => o.name === operationName) : doc.operations[0];
  if (!op) return { data: null, errors: [{ message: operationName ? `Unknown operation named '${operationName}'.` : 'No operation given' }] };
  if (op.type === 'subscription') return { data: null, errors: [{ message: 'Subscriptions are not supported' }] };
  const root = op.type === 'mutation' ? roots.mutation : roots.query;
  const vars: Args = {};
  for (const v of op.variables) vars[v.name] = variables[v.name] !== undefined ? variables[v.name] : v.defaultValue ? valueOf(v.defaultValue, {}) : null;
  const errors: GraphQLError[] = [];

  const collect = (obj: GqlObject, sels: Selection[], out: Extract<Selection, { kind: 'field' }>[]): void => {
    for (const s of sels) {
      if (s.kind === 'field') out.push(s);
      else if (s.kind === 'inline') {
        if (!s.typeCondition || s.typeCondition === obj.__typename || obj.__implements?.includes(s.typeCondition)) collect(obj, s.selections, out);
      } else {
        const f = doc.fragments.get(s.name);
        if (!f) throw new FieldError(`Fragment ${s.name} was used, but not defined`);
        if (f.typeCondition === obj.__typename || obj.__implements?.includes(f.typeCondition)) collect(obj, f.selections, out);
      }
    }
  };

  const complete = async (value: Resolved, sels: Selection[] | undefined, path: (string | number)[]): Promise<unknown> => {
    if (value === undefined || value === null) return null;
    if (Array.isArray(value)) return Promise.all(value.map((v, i) => complete(v, sels, [...path, i])));
    if (isObject(value)) {
      if (!sels) {
        errors.push({ message: `Field must have selections (field '${String(path.at(-1))}' returns ${value.__typename} but has no selections.)`, path });
        return null;
      }
      return selectInto(value, sels, path);
    }
    return value;
  };

  const selectInto = async (obj: GqlObject, sels: Selection[], path: (string | number)[]): Promise<Record<string, unknown> | null> => {
    const fields: Extract<Selection, { kind: 'field' }>[] = [];
    collect(obj, sels, fields);
    const out: Record<string, unknown> = {};
    // Fields resolve one after another, which is what the spec requires of a mutation's top-level fields.
    for (const f of fields) {
      const key = f.alias ?? f.name;
      const fieldPath = [...path, key];
      if (f.name === '__typename') {
        out[key] = obj.__typename;
        continue;
      }
      if (!(f.name in obj) || f.name === '__implements') {
        errors.push({ message: `Field '${f.name}' doesn't exist on type '${obj.__typename}'`, path: fieldPath, type: 'undefinedField' });
        out[key] = null;
        continue;
      }
      try {
        const raw = obj[f.name] as FieldValue;
        const args = Object.fromEntries(Object.entries(f.args).map(([k, v]) => [k, valueOf(v, vars)]));
        const value = typeof raw === 'function' ? await raw(args) : await raw;
        out[key] = await complete(value, f.selections, fieldPath);
      } catch (e) {
        if (!(e instanceof FieldError)) throw e;
        errors.push({ message: e.message, path: fieldPath, ...(e.type ? { type: e.type } : {}) });
        out[key] = null;
      }
    }
    return out;
  };

  const data = await selectInto(root, op.selections, []);
  return errors.length ? { data, errors } : { data };
}
