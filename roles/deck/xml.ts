// A small XML reader for JUnit reports: elements, attributes, text, CDATA and entities. No DTDs, no namespaces
// (prefixes stay in names). Malformed input throws with the offset.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text and CDATA directly inside this element. */
  text: string;
}

const NAMED = new Map([['lt', '<'], ['gt', '>'], ['amp', '&'], ['quot', '"'], ['apos', "'"]]);

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, ent: string) => {
    if (ent.startsWith('#x')) return safeCodePoint(parseInt(ent.slice(2), 16)) ?? whole;
    if (ent.startsWith('#')) return safeCodePoint(parseInt(ent.slice(1), 10)) ?? whole;
    return NAMED.get(ent) ?? whole;
  });
}

function safeCodePoint(n: number): string | undefined {
  return Number.isFinite(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
}

const ATTR_RE = /([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

export function parseXml(src: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  let i = 0;
  const top = (): XmlElement => stack[stack.length - 1] ?? root;
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    if (lt < 0) {
      top().text += decodeEntities(src.slice(i));
      break;
    }
    if (lt > i) top().text += decodeEntities(src.slice(i, lt));
    if (src.startsWith('<!--', lt)) {
      const end = src.indexOf('-->', lt + 4);
      if (end < 0) throw new Error(`unterminated comment at ${lt}`);
      i = end + 3;
    } else if (src.startsWith('<![CDATA[', lt)) {
      const end = src.indexOf(']]>', lt + 9);
      if (end < 0) throw new Error(`unterminated CDATA at ${lt}`);
      top().text += src.slice(lt + 9, end);
      i = end + 3;
    } else if (src.startsWith('<?', lt)) {
      const end = src.indexOf('?>', lt + 2);
      if (end < 0) throw new Error(`unterminated processing instruction at ${lt}`);
      i = end + 2;
    } else if (src.startsWith('<!', lt)) {
      const end = src.indexOf('>', lt + 2);
      if (end < 0) throw new Error(`unterminated declaration at ${lt}`);
      i = end + 1;
    } else if (src.startsWith('</', lt)) {
      const end = src.indexOf('>', lt);
      if (end < 0) throw new Error(`unterminated end tag at ${lt}`);
      const name = src.slice(lt + 2, end).trim();
      const open = stack.pop();
      if (!open || open === root || open.name !== name) throw new Error(`unexpected </${name}> at ${lt}`);
      i = end + 1;
    } else {
      const end = findTagEnd(src, lt);
      const raw = src.slice(lt + 1, end);
      const selfClosing = raw.endsWith('/');
      const body = selfClosing ? raw.slice(0, -1) : raw;
      const nameMatch = /^[^\s/>]+/.exec(body);
      if (!nameMatch) throw new Error(`bad tag at ${lt}`);
      const el: XmlElement = { name: nameMatch[0], attrs: {}, children: [], text: '' };
      ATTR_RE.lastIndex = 0;
      const attrSrc = body.slice(nameMatch[0].length);
      for (let m = ATTR_RE.exec(attrSrc); m; m = ATTR_RE.exec(attrSrc)) {
        el.attrs[m[1] ?? ''] = decodeEntities(m[3] ?? m[4] ?? '');
      }
      top().children.push(el);
      if (!selfClosing) stack.push(el);
      i = end + 1;
    }
  }
  if (stack.length > 1) throw new Error(`unclosed <${top().name}>`);
  return root;
}

/** The `>` ending a tag, skipping `>` inside quoted attribute values. */
function findTagEnd(src: string, from: number): number {
  let quote = '';
  for (let i = from + 1; i < src.length; i++) {
    const c = src[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  throw new Error(`unterminated tag at ${from}`);
}
