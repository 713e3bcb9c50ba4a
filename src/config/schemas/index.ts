// The JSON Schemas the loader validates against. config.yaml and plugins.yaml: upstream's Go config types read by
// reflection (upstream-types.generated.ts, from tools/upstream-schema), so every field upstream decodes is known,
// plus the newer fields its documented reference files show (generated.ts);
// the pod spec and ProwJob API types come from the ProwJob CRD (generated.ts). Patches below cover what reflection
// cannot see (types with their own decoding: the two formats of `plugins`, merge methods). Objects are closed, so
// an unknown field is an `additionalProperties` error with its path.
import type { SchemaObject } from 'ajv';
import {
  CRD_DECORATION_CONFIG,
  CRD_JENKINS_SPEC,
  CRD_POD_SPEC,
  CRD_PROWJOB_DEFAULTS,
  CRD_REFS,
  CRD_REPORTER_CONFIG,
  CRD_RERUN_AUTH_CONFIG,
  CRD_SHARED_DEFS,
  DEFS_ID,
  PLUGIN_CONFIG_DOCUMENTED,
  PROW_CONFIG_DOCUMENTED,
} from './generated.js';
import { UPSTREAM_TYPES } from './upstream-types.generated.js';

const str = { type: 'string' };
const bool = { type: 'boolean' };
const int = { type: 'integer' };
const strList = { type: 'array', items: str };
const strMap = { type: 'object', additionalProperties: str };
const mapOf = (s: SchemaObject): SchemaObject => ({ type: 'object', additionalProperties: s });

/** Sets the schema at a path of property names ('*' = the additionalProperties of a map, '[]' = array items). */
function patch(root: SchemaObject, path: string[], schema: SchemaObject): void {
  let node = root;
  for (const key of path) {
    const next = key === '*' ? node.additionalProperties : key === '[]' ? node.items : (node.properties as Record<string, SchemaObject>)[key];
    if (next === undefined) {
      (node.properties as Record<string, SchemaObject>)[key] = {};
    }
    node = key === '*' ? (node.additionalProperties as SchemaObject) : key === '[]' ? (node.items as SchemaObject) : (node.properties as Record<string, SchemaObject>)[key]!;
  }
  for (const k of Object.keys(node)) delete node[k];
  Object.assign(node, schema);
}

/** Follows $refs into the shared CRD definitions. */
function deref(s: SchemaObject): SchemaObject {
  const r = s.$ref as string | undefined;
  return r ? deref(CRD_SHARED_DEFS[r.slice(r.lastIndexOf('/') + 1)]!) : s;
}
const podProps = (name: string): SchemaObject => (deref(CRD_POD_SPEC).properties as Record<string, SchemaObject>)[name]!;
const containerProps = deref(deref(podProps('containers')).items as SchemaObject).properties as Record<string, SchemaObject>;
const env = containerProps.env!;
const volumes = podProps('volumes');
const volumeMounts = containerProps.volumeMounts!;

const crdDefs = {
    podSpec: CRD_POD_SPEC,
    decorationConfig: CRD_DECORATION_CONFIG,
    refs: CRD_REFS,
    reporterConfig: CRD_REPORTER_CONFIG,
    rerunAuthConfig: CRD_RERUN_AUTH_CONFIG,
    prowjobDefaults: CRD_PROWJOB_DEFAULTS,
    jenkinsSpec: CRD_JENKINS_SPEC,
};
const ref = (name: string): SchemaObject => ({ $ref: `${DEFS_ID}#/$defs/${name}` });
const DEFS = {
  podSpec: ref('podSpec'),
  decorationConfig: ref('decorationConfig'),
  refs: ref('refs'),
  reporterConfig: ref('reporterConfig'),
  rerunAuthConfig: ref('rerunAuthConfig'),
  prowjobDefaults: ref('prowjobDefaults'),
  jenkinsSpec: ref('jenkinsSpec'),
};

const jobBase: Record<string, SchemaObject> = {
  name: str,
  labels: strMap,
  annotations: strMap,
  max_concurrency: int,
  agent: str,
  cluster: str,
  namespace: str,
  error_on_eviction: bool,
  spec: DEFS.podSpec,
  pipeline_run_spec: {},
  tekton_pipeline_run_spec: {},
  reporter_config: DEFS.reporterConfig,
  rerun_auth_config: DEFS.rerunAuthConfig,
  hidden: bool,
  prowjob_defaults: DEFS.prowjobDefaults,
  job_queue_name: str,
  decorate: bool,
  decoration_config: DEFS.decorationConfig,
  path_alias: str,
  clone_uri: str,
  skip_submodules: bool,
  clone_depth: int,
  skip_fetch_head: bool,
  extra_refs: { type: 'array', items: DEFS.refs },
};
const brancherAndChanges = { branches: strList, skip_branches: strList, run_if_changed: str, skip_if_only_changed: str };
const reporter = { context: str, skip_report: bool };

const closed = (properties: Record<string, SchemaObject>, required: string[] = []): SchemaObject => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

const PRESUBMIT_SCHEMA = closed(
  {
    ...jobBase,
    ...brancherAndChanges,
    ...reporter,
    always_run: bool,
    optional: bool,
    trigger: str,
    rerun_command: str,
    run_before_merge: bool,
    jenkins_spec: DEFS.jenkinsSpec,
  },
  ['name'],
);
const POSTSUBMIT_SCHEMA = closed({ ...jobBase, ...brancherAndChanges, ...reporter, always_run: bool, jenkins_spec: DEFS.jenkinsSpec }, ['name']);
const PERIODIC_SCHEMA = closed({ ...jobBase, cron: str, interval: str, minimum_interval: str, tags: strList }, ['name']);
// Upstream's preset type (its Kubernetes version), with the fields the newer CRD adds.
const PRESET_SCHEMA = unionSchemas(UPSTREAM_TYPES.preset!, closed({ labels: strMap, env, volumes, volumeMounts }));

/** Shared pieces, registered once with ajv and referenced, so each compiles once whichever file uses it. */
export const DEFS_SCHEMA: SchemaObject = {
  $id: DEFS_ID,
  $defs: { ...CRD_SHARED_DEFS, ...crdDefs, presubmit: PRESUBMIT_SCHEMA, postsubmit: POSTSUBMIT_SCHEMA, periodic: PERIODIC_SCHEMA, preset: PRESET_SCHEMA },
};

/** Job fields that may appear in config.yaml and job config files. */
export const JOB_CONFIG_PROPERTIES: Record<string, SchemaObject> = {
  presets: { type: 'array', items: ref('preset') },
  presubmits: mapOf({ type: 'array', items: ref('presubmit') }),
  postsubmits: mapOf({ type: 'array', items: ref('postsubmit') }),
  periodics: { type: 'array', items: ref('periodic') },
  decorate_all_jobs: bool,
  // Upstream's well-known field for data of other tools, never read.
  prow_ignored: {},
};

/** An inrepoconfig file (.prow.yaml or a file under .prow/). */
export const PROW_YAML_SCHEMA: SchemaObject = closed({
  presets: JOB_CONFIG_PROPERTIES.presets!,
  presubmits: { type: 'array', items: ref('presubmit') },
  postsubmits: { type: 'array', items: ref('postsubmit') },
  prow_ignored: {},
});

/**
 * Upstream's Go types (the module version on disk) with the fields of its documented reference files added: those
 * files come from a later upstream and show a few newer fields. Where both know a field, the Go type wins.
 */
export function unionSchemas(goSchema: SchemaObject, documented: SchemaObject): SchemaObject {
  const out: SchemaObject = { ...goSchema };
  const goProps = goSchema.properties as Record<string, SchemaObject> | undefined;
  const docProps = documented.properties as Record<string, SchemaObject> | undefined;
  if (goProps && docProps) {
    const props: Record<string, SchemaObject> = { ...goProps };
    for (const [k, v] of Object.entries(docProps)) props[k] = goProps[k] ? unionSchemas(goProps[k], v) : v;
    out.properties = props;
  }
  for (const k of ['additionalProperties', 'items'] as const) {
    const g = goSchema[k] as SchemaObject | boolean | undefined;
    const d = documented[k] as SchemaObject | boolean | undefined;
    if (g && d && typeof g === 'object' && typeof d === 'object') out[k] = unionSchemas(g, d);
  }
  return out;
}

function buildProwConfigSchema(): SchemaObject {
  const s = structuredClone(unionSchemas(UPSTREAM_TYPES.prowConfig!, PROW_CONFIG_DOCUMENTED));
  // A merge method per org/repo, or per org with nested repos and branches (upstream decodes it by hand).
  patch(s, ['tide', 'merge_method', '*'], { anyOf: [str, { type: 'object' }] });
  s.properties = { ...(s.properties as Record<string, SchemaObject>), ...JOB_CONFIG_PROPERTIES };
  return s;
}

/** A plugins.yaml section a plugin owns: its schema replaces the documented one for that key. */
export interface OwnedSectionSchema {
  key: string;
  schema: SchemaObject;
}

function buildPluginConfigSchema(owned: readonly OwnedSectionSchema[]): SchemaObject {
  const s = structuredClone(unionSchemas(UPSTREAM_TYPES.pluginConfig!, PLUGIN_CONFIG_DOCUMENTED));
  // The old format (a bare list of names) is normalised to this one before validation.
  patch(s, ['plugins'], mapOf(closed({ plugins: strList, excluded_repos: strList })));
  for (const o of owned) patch(s, [o.key], structuredClone(o.schema));
  return s;
}

let prowSchema: SchemaObject | undefined;

/** config.yaml: the core config and jobs (a file may hold both, as upstream allows). */
export function prowConfigSchema(): SchemaObject {
  prowSchema ??= buildProwConfigSchema();
  return prowSchema;
}

/** plugins.yaml, with the sections plugins own (their fragments, composed in when the validators are generated). */
export function pluginConfigSchema(owned: readonly OwnedSectionSchema[] = []): SchemaObject {
  return buildPluginConfigSchema(owned);
}

/** A job config file: jobs only. */
export const JOB_CONFIG_SCHEMA: SchemaObject = closed(JOB_CONFIG_PROPERTIES);
