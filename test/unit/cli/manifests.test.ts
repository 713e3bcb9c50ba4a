// The Kubernetes manifests must start roles that exist with flags the binary knows.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parseAllConfigYaml } from '../../../src/config/yaml.js';
import { buildProgram } from '../../../src/cli/program.js';
import { selectRoles } from '../../../src/cli/role-selection.js';
import { ROLES } from '../../../roles/index.js';

interface Deployment {
  kind: string;
  metadata: { name: string };
  spec: { template: { spec: { containers: { args?: string[] }[] } } };
}

describe('manifests/prow.yaml', () => {
  const docs = parseAllConfigYaml(readFileSync('manifests/prow.yaml', 'utf8')) as Deployment[];
  const deployments = docs.filter((d) => d.kind === 'Deployment');
  const known = new Set(buildProgram().options.map((o) => o.long));

  it('has one Deployment per long-running role', () => {
    const roles = deployments.map((d) => (d.spec.template.spec.containers[0]!.args ?? []).find((a) => a.startsWith('--role='))?.slice(7));
    expect(roles.sort()).toEqual(ROLES.map((r) => r.name).sort());
  });

  it.each(deployments.map((d) => [d.metadata.name, d] as const))('%s passes only flags prow knows', (_name, d) => {
    const args = d.spec.template.spec.containers[0]!.args ?? [];
    for (const a of args) {
      expect(a).toMatch(/^--[a-zA-Z0-9-]+=/); // upstream spells some flags in mixed case (--cache-sizeGB)
      expect(known.has(a.slice(0, a.indexOf('=')))).toBe(true);
    }
    const role = args.find((a) => a.startsWith('--role='))!.slice(7);
    expect(selectRoles([role], ROLES).map((r) => r.name)).toEqual([role]);
  });
});
