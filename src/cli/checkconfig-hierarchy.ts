// checkconfig's validate-supplemental-prow-config-hierarchy, as upstream's: a supplemental config file directly in
// its directory may hold anything; one in `<org>/` may hold config for that org only, one in `<org>/<repo>/` for that
// repo only; deeper files are misplaced. What a file configures is read as upstream's HasConfigFor reads it.
//
// As upstream, the directories walked are the supplemental *plugin* config directories, once for
// `*_prowconfig.yaml` files read as core config and once for `*_pluginconfig.yaml` files read as plugins.yaml
// (upstream passes its plugin directories to both walks; the supplemental prow config directories are not walked).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConfigProblem } from '../config/errors.js';
import { SUPPLEMENTAL_PLUGIN_CONFIG_SUFFIX, SUPPLEMENTAL_PROW_CONFIG_SUFFIX } from '../config/load.js';
import { parseConfigYaml } from '../config/yaml.js';

const WARNING = 'validate-supplemental-prow-config-hierarchy';

type Doc = Record<string, unknown>;

/** Which parts of the config a file sets: anything global, and the orgs and repos it names. */
interface Scope {
  global: boolean;
  orgs: Set<string>;
  repos: Set<string>;
}

const isSet = (v: unknown): boolean =>
  v !== undefined && v !== null && v !== '' && v !== false && v !== 0 && !(typeof v === 'object' && Object.keys(v).length === 0);
const asDoc = (v: unknown): Doc => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Doc) : {});
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** Keys of `o` that are set, other than `allowed`. */
const otherKeys = (o: Doc, allowed: readonly string[]): string[] => Object.keys(o).filter((k) => !allowed.includes(k) && isSet(o[k]));

function addOrgOrRepo(s: Scope, orgOrRepo: unknown): void {
  if (typeof orgOrRepo !== 'string') return;
  (orgOrRepo.includes('/') ? s.repos : s.orgs).add(orgOrRepo);
}

/** Upstream's ProwConfig.HasConfigFor. */
function prowConfigScope(doc: Doc): Scope {
  const s: Scope = { global: false, orgs: new Set(), repos: new Set() };
  const bp = asDoc(doc['branch-protection']);
  const tide = asDoc(doc.tide);
  const slack = asDoc(doc.slack_reporter_configs);
  s.global = otherKeys(bp, ['orgs']).length > 0 || '*' in slack
    || otherKeys(doc, ['branch-protection', 'tide', 'slack_reporter_configs']).length > 0 || otherKeys(tide, ['merge_method', 'queries']).length > 0;
  for (const [org, o] of Object.entries(asDoc(bp.orgs))) {
    if (otherKeys(asDoc(o), ['repos']).length > 0) s.orgs.add(org);
    for (const repo of Object.keys(asDoc(asDoc(o).repos))) s.repos.add(`${org}/${repo}`);
  }
  for (const k of Object.keys(asDoc(tide.merge_method))) addOrgOrRepo(s, k);
  for (const q of asList(tide.queries)) {
    for (const o of asList(asDoc(q).orgs)) if (typeof o === 'string') s.orgs.add(o);
    for (const r of asList(asDoc(q).repos)) if (typeof r === 'string') s.repos.add(r);
  }
  for (const k of Object.keys(slack)) if (k !== '*') addOrgOrRepo(s, k);
  return s;
}

/** Upstream's plugins Configuration.HasConfigFor. */
function pluginConfigScope(doc: Doc): Scope {
  const s: Scope = { global: false, orgs: new Set(), repos: new Set() };
  const bugzilla = asDoc(doc.bugzilla);
  const label = asDoc(doc.label);
  s.global = otherKeys(doc, ['approve', 'bugzilla', 'external_plugins', 'label', 'lgtm', 'plugins', 'triggers', 'welcome']).length > 0
    || otherKeys(label, ['restricted_labels']).length > 0 || isSet(bugzilla.default);
  for (const k of Object.keys(asDoc(doc.plugins))) addOrgOrRepo(s, k);
  for (const [org, o] of Object.entries(asDoc(bugzilla.orgs))) {
    if (isSet(asDoc(o).default)) s.orgs.add(org);
    for (const repo of Object.keys(asDoc(asDoc(o).repos))) s.repos.add(`${org}/${repo}`);
  }
  for (const key of ['approve', 'lgtm', 'triggers', 'welcome']) for (const e of asList(doc[key])) for (const r of asList(asDoc(e).repos)) addOrgOrRepo(s, r);
  for (const k of Object.keys(asDoc(label.restricted_labels))) {
    if (k === '*') s.global = true;
    else addOrgOrRepo(s, k);
  }
  for (const k of Object.keys(asDoc(doc.external_plugins))) addOrgOrRepo(s, k);
  return s;
}

/** Files under `root` whose names end in `suffix`, skipping `..`-prefixed entries (ConfigMap mount internals). */
async function walk(root: string, suffix: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      if (e.name.startsWith('..')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await visit(p);
      else if (e.name.endsWith(suffix)) out.push(p);
    }
  };
  await visit(root);
  return out;
}

function describe(scope: Scope, expected: string, kind: 'org' | 'repo', file: string): string | undefined {
  const orgs = [...scope.orgs].sort();
  const repos = [...scope.repos].sort();
  if (kind === 'org' && !scope.global && orgs.length === 1 && orgs[0] === expected && repos.length === 0) return undefined;
  if (kind === 'repo' && !scope.global && orgs.length === 0 && repos.length === 1 && repos[0] === expected) return undefined;
  const parts: string[] = [];
  if (scope.global) parts.push(' contains global config');
  for (const o of orgs) if (kind === 'repo' || o !== expected) parts.push(` contains config for org ${o}`);
  for (const r of repos) if (kind === 'org' || r !== expected) parts.push(` contains config for repo ${r}`);
  const head = kind === 'org' ? `config ${file} is invalid: Must contain only config for org ${expected}, but` : `config ${file} is invalid: Must only contain config for repo ${expected}, but`;
  return head + parts.join(' and');
}

async function checkDir(root: string, suffix: string, scopeOf: (doc: Doc) => Scope, typeName: string): Promise<ConfigProblem[]> {
  const problems: ConfigProblem[] = [];
  const warn = (file: string, message: string): void => {
    problems.push({ severity: 'warning', kind: 'semantic', warning: WARNING, file, path: '', message });
  };
  let files: string[];
  try {
    files = await walk(root, suffix);
  } catch (e) {
    warn(root, `error when walking: ${(e as Error).message}`);
    return problems;
  }
  for (const file of files) {
    const elements = path.relative(root, file).split(path.sep);
    if (elements.length === 1) continue; // global config may hold anything
    if (elements.length > 3) {
      warn(file, `config ${file} is at an invalid location. All configs must be below ${root}. If they are org-specific, they must be in a folder named like the org. If they are repo-specific, they must be in a folder named like the repo below a folder named like the org.`);
      continue;
    }
    let doc: Doc;
    try {
      doc = asDoc(parseConfigYaml(await readFile(file, 'utf8')));
    } catch (e) {
      warn(file, `failed to unmarshal ${file} into ${typeName}: ${(e as Error).message}`);
      continue;
    }
    const why = elements.length === 2 ? describe(scopeOf(doc), elements[0]!, 'org', file) : describe(scopeOf(doc), `${elements[0]}/${elements[1]}`, 'repo', file);
    if (why) warn(file, why);
  }
  return problems;
}

/** The warnings for the supplemental plugin config directories (see the header for why only those). */
export async function supplementalConfigHierarchy(supplementalPluginConfigDirs: readonly string[]): Promise<ConfigProblem[]> {
  const out: ConfigProblem[] = [];
  for (const dir of supplementalPluginConfigDirs) out.push(...(await checkDir(dir, SUPPLEMENTAL_PROW_CONFIG_SUFFIX, prowConfigScope, '*config.Config')));
  for (const dir of supplementalPluginConfigDirs) out.push(...(await checkDir(dir, SUPPLEMENTAL_PLUGIN_CONFIG_SUFFIX, pluginConfigScope, '*plugins.Configuration')));
  return out;
}
