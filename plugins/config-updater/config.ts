// config-updater's plugins.yaml section, `config_updater`, and the ConfigMaps a changed file maps to.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { ConfigUpdater, ConfigUpdaterMap } from '../../src/config/types.js';
import { DEFAULT_CLUSTER_ALIAS } from '../../src/kube/config.js';
import { globToRegExp } from '../../src/kube/configmap-glob.js';
import type { ConfigMapId } from '../../src/kube/configmaps.js';
import { defineSection } from '../types.js';

const str = { type: 'string' };
const strList = { type: 'array', items: str };
const bool = { type: 'boolean' };

export const CONFIG_UPDATER = defineSection<ConfigUpdater>({
  key: 'config_updater',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      cluster_groups: {
        type: 'object',
        additionalProperties: { type: 'object', additionalProperties: false, properties: { clusters: strList, namespaces: strList } },
      },
      gzip: bool,
      maps: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          properties: {
            name: str, key: str, gzip: bool, use_full_path_as_key: bool, namespace: str,
            partitioned_names: strList, cluster_groups: strList, allowed_repos: strList, denied_repos: strList,
            clusters: { type: 'object', additionalProperties: { type: ['array', 'null'], items: str } },
          },
        },
      },
    },
  },
  check: (cu, report) => {
    const seen = new Map<string, string>();
    for (const [glob, spec] of Object.entries(cu.maps ?? {})) {
      const at = `maps.${JSON.stringify(glob)}`;
      if (spec.name && spec.partitioned_names?.length) report.error(at, "'name' and 'partitioned_names' are mutually exclusive in the config_updater plugin configuration");
      if (!spec.name && !spec.partitioned_names?.length) report.error(at, 'needs a name (or partitioned_names)');
      if ((spec.partitioned_names?.length ?? 0) > 256) report.error(`${at}.partitioned_names`, `at most 256 partitions are supported, got ${spec.partitioned_names!.length}`);
      if (spec.clusters && Object.keys(spec.clusters).length > 0 && spec.cluster_groups?.length) report.error(at, 'clusters and cluster_groups are mutually exclusive');
      for (const g of spec.cluster_groups ?? []) if (!cu.cluster_groups?.[g]) report.error(`${at}.cluster_groups`, `cluster group ${g} is not defined in config_updater.cluster_groups`);
      const name = spec.name || (spec.partitioned_names ?? []).join(',');
      const key = spec.key || path.posix.basename(glob);
      for (const [cluster, namespaces] of Object.entries(spec.clusters ?? {})) {
        for (const ns of namespaces ?? []) {
          const id = `${cluster}/${ns}/${name}/${key}`;
          const prior = seen.get(id);
          if (prior !== undefined && prior !== glob) report.error(at, `key ${key} in configmap ${name} updated with more than one file`);
          seen.set(id, glob);
        }
      }
    }
  },
});

/** Upstream's defaults: with no maps, config/prow/config.yaml and plugins.yaml fill `config` and `plugins`. */
export function resolveConfigUpdater(cu: ConfigUpdater | undefined): ConfigUpdater {
  const maps = cu?.maps && Object.keys(cu.maps).length > 0 ? cu.maps : { 'config/prow/config.yaml': { name: 'config' }, 'config/prow/plugins.yaml': { name: 'plugins' } };
  return { ...cu, maps };
}

/** `allowed_repos` / `denied_repos`: entries are orgs or org/repos. */
export function repoAllowed(spec: ConfigUpdaterMap, org: string, repo: string): boolean {
  const hit = (list: string[]): boolean => list.some((e) => e === org || e === `${org}/${repo}`);
  if (spec.allowed_repos?.length && !hit(spec.allowed_repos)) return false;
  return !(spec.denied_repos?.length && hit(spec.denied_repos));
}

/** The cluster → namespaces a map targets ('' namespace: the default one). */
export function targetsOf(cu: ConfigUpdater, spec: ConfigUpdaterMap): [string, string[]][] {
  if (spec.cluster_groups?.length) {
    return spec.cluster_groups.flatMap((g) => (cu.cluster_groups?.[g]?.clusters ?? []).map((c): [string, string[]] => [c, cu.cluster_groups?.[g]?.namespaces ?? ['']]));
  }
  const clusters = spec.clusters && Object.keys(spec.clusters).length > 0 ? spec.clusters : { [DEFAULT_CLUSTER_ALIAS]: [spec.namespace ?? ''] };
  return Object.entries(clusters).map(([c, ns]) => [c, ns?.length ? ns : ['']]);
}

/** The key a file gets, as upstream: `key`, else the base name, or the path with `/` as `-`. */
export function keyFor(spec: ConfigUpdaterMap, file: string): string {
  if (spec.key) return spec.key;
  return spec.use_full_path_as_key ? file.replace(/\//g, '-') : path.posix.basename(file);
}

/** The ConfigMap a key goes to (partitioned maps spread keys by the first byte of their SHA-256). */
export function mapNameFor(spec: ConfigUpdaterMap, key: string): string {
  const parts = spec.partitioned_names ?? [];
  if (parts.length === 0) return spec.name ?? '';
  return parts[createHash('sha256').update(key).digest()[0]! % parts.length]!;
}

/** The first map (in plugins.yaml order) whose glob matches `file`. */
export function specFor(cu: ConfigUpdater, file: string): ConfigUpdaterMap | undefined {
  for (const [glob, spec] of Object.entries(cu.maps ?? {})) if (globToRegExp(glob).test(file)) return spec;
  return undefined;
}

export const idString = (id: ConfigMapId): string => `${id.cluster}/${id.namespace}/${id.name}`;
