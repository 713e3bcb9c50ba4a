// YAML the way upstream (Go, sigs.k8s.io/yaml on go-yaml v2) reads and writes it: YAML 1.1 booleans
// (yes/no/on/off/y/n), duplicate keys rejected, strings Go would read as something else quoted on output. The one
// YAML library of the project: js-yaml (large job configs parse ~10x faster than with the `yaml` package).
import jsyaml from 'js-yaml';

const GO_BOOL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const GO_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);

const goBool = new jsyaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && GO_BOOL.test(data),
  construct: (data: string) => GO_TRUE.has(data),
  predicate: (v: unknown) => typeof v === 'boolean',
  represent: { lowercase: (v: object) => String(v) },
  defaultStyle: 'lowercase',
});

// go-yaml v2 also merges `<<: *anchor` keys into the mapping (js-yaml does so for keys of this tag).
const goMerge = new jsyaml.Type('tag:yaml.org,2002:merge', { kind: 'scalar', resolve: (data: unknown) => data === '<<' });

const GO_SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [goBool, goMerge] });

/**
 * First characters a plain scalar read as anything but a string can have: `~` and null, the booleans' letters,
 * `<<`, and a number's sign, point or digit. Every other plain scalar is a string.
 */
const NOT_ONLY_STRING = new Uint8Array(128);
for (const c of '~nNtTfFyYoO<-+.0123456789') NOT_ONLY_STRING[c.charCodeAt(0)] = 1;

// Most plain scalars in a config are names, images, paths: tried first, a look at the first character settles them
// instead of running the null, bool, int, float and merge resolvers in turn (about a tenth of js-yaml's time on a
// large job config). Reading only: on output, a string that an implicit type resolves is quoted.
const plainString = new jsyaml.Type('tag:yaml.org,2002:str', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && data !== '' && NOT_ONLY_STRING[data.charCodeAt(0)] !== 1,
  construct: (data: string) => data,
});

/** js-yaml's Schema holds its types in these (its typings leave them out). */
const { implicit: goImplicit, explicit: goExplicit } = GO_SCHEMA as unknown as { implicit: jsyaml.Type[]; explicit: jsyaml.Type[] };
const GO_READ_SCHEMA = new jsyaml.Schema({ implicit: [plainString, ...goImplicit], explicit: goExplicit });

export class YamlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'YamlSyntaxError';
  }
}

/** A config file larger than this is refused before parsing (upstream's biggest job configs are a few MB). */
export const MAX_YAML_BYTES = 32 * 1024 * 1024;

/**
 * Aliases may repeat a node, and a repeated node may hold aliases: 380 bytes can stand for billions of nodes, which
 * whatever walks the config (defaults, validation, serving /config) would expand. A document whose nodes, counted
 * with every alias expanded, pass this is refused.
 */
export const MAX_EXPANDED_NODES = 5_000_000;

/**
 * Where an alias (`*name`) can stand: first on a line or after `:`, `-`, `?`, `[`, `{` or `,` (spaces between). A
 * `*` elsewhere (in cron strings, globs, quoted text) cannot be one, so such files skip counting expanded nodes.
 */
const MAYBE_ALIAS = /(?:^|[:\-?[{,])[ \t]*\*/m;

/** One YAML document as plain data (undefined for an empty file). Throws YamlSyntaxError with line and column. */
export function parseConfigYaml(text: string): unknown {
  return parseYamlDocuments(text, false)[0];
}

/** Every document of a stream (`---` between them), each as parseConfigYaml reads one. */
export function parseAllConfigYaml(text: string): unknown[] {
  return parseYamlDocuments(text, true);
}

function parseYamlDocuments(text: string, all: boolean): unknown[] {
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_YAML_BYTES) throw new YamlSyntaxError(`${bytes} bytes is larger than the ${MAX_YAML_BYTES} bytes a config file may have`);
  let docs: unknown[];
  try {
    docs = all ? jsyaml.loadAll(text, null, { schema: GO_READ_SCHEMA }) : [jsyaml.load(text, { schema: GO_READ_SCHEMA })];
  } catch (e) {
    throw new YamlSyntaxError((e as Error).message.split('\n')[0]!);
  }
  // Without an alias nothing is shared, and the node count is bounded by the text.
  // (Most files have no `*` at all: looking for one is much cheaper than running the pattern over the text.)
  if (text.includes('*') && MAYBE_ALIAS.test(text) && expandedNodes(docs, MAX_EXPANDED_NODES) > MAX_EXPANDED_NODES) {
    throw new YamlSyntaxError(`aliases expand to more than ${MAX_EXPANDED_NODES} nodes (an alias bomb?)`);
  }
  return docs;
}

/**
 * Plain data as YAML that Go reads back as the same values: no anchors or aliases (each value written where it
 * applies), no line folding, undefined fields left out, strings like `yes` or `1.0` quoted.
 */
export function toYaml(value: unknown, opts: { sortKeys?: boolean } = {}): string {
  return jsyaml.dump(value, { schema: GO_SCHEMA, noRefs: true, skipInvalid: true, lineWidth: -1, sortKeys: opts.sortKeys ?? false });
}

/**
 * How many nodes `doc` has with every alias expanded, without expanding anything: a shared node's count is
 * computed once. Stops counting past `limit`.
 */
function expandedNodes(doc: unknown, limit: number): number {
  const counted = new Map<object, number>();
  const count = (v: unknown): number => {
    if (v === null || typeof v !== 'object') return 1;
    const known = counted.get(v);
    if (known !== undefined) return known;
    counted.set(v, limit + 1); // a cycle counts as too many
    let n = 1;
    for (const x of Array.isArray(v) ? v : Object.values(v)) {
      n += count(x);
      if (n > limit) break;
    }
    counted.set(v, n);
    return n;
  };
  return count(doc);
}
