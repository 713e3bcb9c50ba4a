// A small parser for GraphQL query documents: operations with variables, fields with aliases and arguments,
// inline fragments, named fragments, and every literal kind. Enough for the documents clients send; no schema.

export type Value =
  | { kind: 'variable'; name: string }
  | { kind: 'int' | 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'enum'; value: string }
  | { kind: 'list'; values: Value[] }
  | { kind: 'object'; fields: Record<string, Value> };

export type Selection =
  | { kind: 'field'; alias?: string; name: string; args: Record<string, Value>; selections?: Selection[] }
  | { kind: 'inline'; typeCondition?: string; selections: Selection[] }
  | { kind: 'spread'; name: string };

export interface Operation {
  type: 'query' | 'mutation' | 'subscription';
  name?: string;
  variables: { name: string; defaultValue?: Value }[];
  selections: Selection[];
}

export interface Document {
  operations: Operation[];
  fragments: Map<string, { typeCondition: string; selections: Selection[] }>;
}

export class GraphQLSyntaxError extends Error {}

interface Token {
  kind: 'punct' | 'name' | 'int' | 'float' | 'string' | 'eof';
  value: string;
  pos: number;
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (/[\s,\uFEFF]/.test(c)) {
      i++;
    } else if (src.startsWith('...', i)) {
      out.push({ kind: 'punct', value: '...', pos: i });
      i += 3;
    } else if ('!$():=@[]{}|&'.includes(c)) {
      out.push({ kind: 'punct', value: c, pos: i });
      i++;
    } else if (/[_A-Za-z]/.test(c)) {
      const m = /^[_A-Za-z][_0-9A-Za-z]*/.exec(src.slice(i))!;
      out.push({ kind: 'name', value: m[0], pos: i });
      i += m[0].length;
    } else if (/[-0-9]/.test(c)) {
      const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(src.slice(i));
      if (!m) throw new GraphQLSyntaxError(`Syntax Error: unexpected character "${c}" at ${i}`);
      out.push({ kind: m[2] || m[3] ? 'float' : 'int', value: m[0], pos: i });
      i += m[0].length;
    } else if (src.startsWith('"""', i)) {
      const end = src.indexOf('"""', i + 3);
      if (end < 0) throw new GraphQLSyntaxError('Syntax Error: unterminated block string');
      out.push({ kind: 'string', value: src.slice(i + 3, end).replace(/\\"""/g, '"""'), pos: i });
      i = end + 3;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\\') {
          const e = src[j + 1];
          if (e === 'u') {
            s += String.fromCharCode(parseInt(src.slice(j + 2, j + 6), 16));
            j += 6;
            continue;
          }
          s += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e;
          j += 2;
        } else {
          s += src[j++];
        }
      }
      if (j >= src.length) throw new GraphQLSyntaxError('Syntax Error: unterminated string');
      out.push({ kind: 'string', value: s, pos: i });
      i = j + 1;
    } else {
      throw new GraphQLSyntaxError(`Syntax Error: unexpected character "${c}" at ${i}`);
    }
  }
  out.push({ kind: 'eof', value: '', pos: src.length });
  return out;
}

export function parseDocument(src: string): Document {
  const toks = tokenize(src);
  let p = 0;
  const peek = (): Token => toks[p];
  const next = (): Token => toks[p++];
  const isPunct = (v: string): boolean => peek().kind === 'punct' && peek().value === v;
  const expectPunct = (v: string): void => {
    const t = next();
    if (t.kind !== 'punct' || t.value !== v) throw new GraphQLSyntaxError(`Syntax Error: expected "${v}", found "${t.value || t.kind}" at ${t.pos}`);
  };
  const name = (): string => {
    const t = next();
    if (t.kind !== 'name') throw new GraphQLSyntaxError(`Syntax Error: expected a name, found "${t.value || t.kind}" at ${t.pos}`);
    return t.value;
  };

  const value = (): Value => {
    const t = peek();
    if (isPunct('$')) {
      next();
      return { kind: 'variable', name: name() };
    }
    if (isPunct('[')) {
      next();
      const values: Value[] = [];
      while (!isPunct(']')) values.push(value());
      next();
      return { kind: 'list', values };
    }
    if (isPunct('{')) {
      next();
      const fields: Record<string, Value> = {};
      while (!isPunct('}')) {
        const k = name();
        expectPunct(':');
        fields[k] = value();
      }
      next();
      return { kind: 'object', fields };
    }
    next();
    switch (t.kind) {
      case 'int':
        return { kind: 'int', value: Number(t.value) };
      case 'float':
        return { kind: 'float', value: Number(t.value) };
      case 'string':
        return { kind: 'string', value: t.value };
      case 'name':
        if (t.value === 'true' || t.value === 'false') return { kind: 'boolean', value: t.value === 'true' };
        if (t.value === 'null') return { kind: 'null' };
        return { kind: 'enum', value: t.value };
      default:
        throw new GraphQLSyntaxError(`Syntax Error: unexpected "${t.value || t.kind}" at ${t.pos}`);
    }
  };

  const skipDirectives = (): void => {
    while (isPunct('@')) {
      next();
      name();
      if (isPunct('(')) args();
    }
  };

  const args = (): Record<string, Value> => {
    const out: Record<string, Value> = {};
    expectPunct('(');
    while (!isPunct(')')) {
      const k = name();
      expectPunct(':');
      out[k] = value();
    }
    next();
    return out;
  };

  const selectionSet = (): Selection[] => {
    expectPunct('{');
    const out: Selection[] = [];
    while (!isPunct('}')) {
      if (peek().kind === 'eof') throw new GraphQLSyntaxError('Syntax Error: expected "}"');
      if (isPunct('...')) {
        next();
        if (peek().kind === 'name' && peek().value === 'on') {
          next();
          const typeCondition = name();
          skipDirectives();
          out.push({ kind: 'inline', typeCondition, selections: selectionSet() });
        } else if (isPunct('{') || isPunct('@')) {
          skipDirectives();
          out.push({ kind: 'inline', selections: selectionSet() });
        } else {
          out.push({ kind: 'spread', name: name() });
          skipDirectives();
        }
        continue;
      }
      let fieldName = name();
      let alias: string | undefined;
      if (isPunct(':')) {
        next();
        alias = fieldName;
        fieldName = name();
      }
      const a = isPunct('(') ? args() : {};
      skipDirectives();
      const sel: Selection = { kind: 'field', name: fieldName, args: a };
      if (alias) sel.alias = alias;
      if (isPunct('{')) sel.selections = selectionSet();
      out.push(sel);
    }
    next();
    return out;
  };

  const skipType = (): void => {
    if (isPunct('[')) {
      next();
      skipType();
      expectPunct(']');
    } else {
      name();
    }
    if (isPunct('!')) next();
  };

  const doc: Document = { operations: [], fragments: new Map() };
  while (peek().kind !== 'eof') {
    if (isPunct('{')) {
      doc.operations.push({ type: 'query', variables: [], selections: selectionSet() });
      continue;
    }
    const kw = name();
    if (kw === 'fragment') {
      const fname = name();
      if (name() !== 'on') throw new GraphQLSyntaxError('Syntax Error: expected "on"');
      const typeCondition = name();
      skipDirectives();
      doc.fragments.set(fname, { typeCondition, selections: selectionSet() });
      continue;
    }
    if (kw !== 'query' && kw !== 'mutation' && kw !== 'subscription') throw new GraphQLSyntaxError(`Syntax Error: unexpected "${kw}"`);
    const op: Operation = { type: kw, variables: [], selections: [] };
    if (peek().kind === 'name') op.name = name();
    if (isPunct('(')) {
      next();
      while (!isPunct(')')) {
        expectPunct('$');
        const v: { name: string; defaultValue?: Value } = { name: name() };
        expectPunct(':');
        skipType();
        if (isPunct('=')) {
          next();
          v.defaultValue = value();
        }
        skipDirectives();
        op.variables.push(v);
      }
      next();
    }
    skipDirectives();
    op.selections = selectionSet();
    doc.operations.push(op);
  }
  return doc;
}
