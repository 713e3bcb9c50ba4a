// manifests/ on a real API server: the CRD and every object apply server-side (admission, schemas, RBAC
// validation), and each role's ServiceAccount may do exactly what that role needs: checked for every verb on
// every resource a role touches with SubjectAccessReviews, and with `kubectl auth can-i` as a user would.
import { beforeAll, expect, it } from '@jest/globals';
import path from 'node:path';
import { AuthorizationV1Api } from '@kubernetes/client-node';
import { describeKube, kubeConfigFor, kubectl, kubectlResult, REPO_ROOT } from './cluster.js';

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'] as const;
type Verb = (typeof VERBS)[number];

interface Target {
  what: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace: string;
  name?: string;
}

const PROWJOBS: Target = { what: 'prowjobs', group: 'prow.k8s.io', resource: 'prowjobs', namespace: 'prow' };
const PODS: Target = { what: 'pods', group: '', resource: 'pods', namespace: 'test-pods' };
const POD_LOGS: Target = { what: 'pods/log', group: '', resource: 'pods', subresource: 'log', namespace: 'test-pods' };
const SECRETS: Target = { what: 'secrets', group: '', resource: 'secrets', namespace: 'prow' };
const CONFIGMAPS: Target = { what: 'configmaps', group: '', resource: 'configmaps', namespace: 'prow' };
const PROW_PODS: Target = { what: 'pods in prow', group: '', resource: 'pods', namespace: 'prow' };
const lease = (role: string): Target => ({ what: `lease ${role}`, group: 'coordination.k8s.io', resource: 'leases', namespace: 'prow', name: `prow-${role}-leader-lock` });
const LEASES_ANY: Target = { what: 'leases', group: 'coordination.k8s.io', resource: 'leases', namespace: 'prow' };

const SINGLETONS = ['controller-manager', 'crier', 'horologium', 'sinker', 'status-reconciler', 'tide'];
/** What each role needs, and so all it may do (everything not listed must be denied). */
const NEEDS: Record<string, Array<[Target, Verb[]]>> = {
  hook: [[PROWJOBS, ['create', 'get', 'list', 'update']], [CONFIGMAPS, ['create', 'get', 'update']]],
  'controller-manager': [[PROWJOBS, ['get', 'list', 'watch', 'update']], [PODS, ['get', 'list', 'watch', 'create', 'delete']]],
  crier: [[PROWJOBS, ['get', 'list', 'watch', 'update']]],
  horologium: [[PROWJOBS, ['list', 'create']]],
  tide: [[PROWJOBS, ['list', 'create']]],
  sinker: [[PROWJOBS, ['get', 'list', 'delete']], [PODS, ['list', 'delete']]],
  deck: [[PROWJOBS, ['get', 'list', 'watch', 'create', 'update']], [PODS, ['get']], [POD_LOGS, ['get']]],
  'status-reconciler': [[PROWJOBS, ['get', 'list', 'create']]],
  exporter: [[PROWJOBS, ['list']]],
  gangway: [[PROWJOBS, ['get', 'list', 'create', 'update']]],
  refresh: [[PROWJOBS, ['list']]],
};
const LEASE_OF = Object.fromEntries(SINGLETONS.map((r) => [r, lease(r)]));
// A singleton reads and renews only its own Lease; it may create Leases (RBAC cannot limit create to a name).
for (const role of SINGLETONS) {
  NEEDS[role]!.push([LEASE_OF[role]!, ['get', 'update']], [LEASES_ANY, ['create']], ...SINGLETONS.map((r): [Target, Verb[]] => [LEASE_OF[r]!, ['create']]));
}

const ALL_TARGETS = [PROWJOBS, PODS, POD_LOGS, SECRETS, PROW_PODS, CONFIGMAPS, LEASES_ANY, ...Object.values(LEASE_OF)];

describeKube('manifests on a real API server', () => {
  beforeAll(async () => {
    // As the README says: the CRD server-side (client-side apply cannot store its last-applied annotation), then
    // the rest, with the image set through the kustomization.
    await kubectl(['apply', '--server-side', '-f', path.join(REPO_ROOT, 'manifests', 'prowjob-crd.yaml')]);
    await kubectl(['wait', '--for=condition=Established', 'crd/prowjobs.prow.k8s.io', '--timeout=60s']);
  });

  it('applies the example kustomization server-side: image, GitHub App, hostname and buckets from one place', async () => {
    const apply = (): Promise<string> => kubectl(['apply', '--server-side', '-k', path.join(REPO_ROOT, 'examples', 'kubernetes')]);
    const out = await apply();
    for (const role of Object.keys(NEEDS)) {
      expect(out).toContain(`serviceaccount/${role} serverside-applied`);
      expect(out).toContain(`role.rbac.authorization.k8s.io/${role} serverside-applied`);
    }
    const deployments = JSON.parse(await kubectl(['-n', 'prow', 'get', 'deployments', '-o', 'json'])) as {
      items: Array<{ metadata: { name: string }; spec: { template: { spec: { serviceAccountName: string; containers: Array<{ image: string; resources?: { requests?: Record<string, string> }; livenessProbe?: { httpGet?: { path: string } }; readinessProbe?: { httpGet?: { path: string } } }> } } } }>;
    };
    expect(deployments.items.length).toBeGreaterThanOrEqual(6);
    for (const d of deployments.items) {
      const pod = d.spec.template.spec;
      expect(pod.serviceAccountName).not.toBe('default');
      for (const c of pod.containers) {
        expect(c.image).toBe('registry.example.com/prow:v0.1.0');
        expect(c.resources?.requests?.cpu).toBeTruthy();
        expect(c.resources?.requests?.memory).toBeTruthy();
        expect(c.livenessProbe?.httpGet?.path).toBe('/healthz');
        expect(c.readinessProbe?.httpGet?.path).toBe('/healthz/ready');
      }
    }
    const hook = deployments.items.find((d) => d.metadata.name === 'hook')!.spec.template.spec.containers[0] as unknown as { args: string[] };
    expect(hook.args).toContain('--github-app-private-key-path=/etc/github/cert');
    expect(hook.args).not.toContain('--github-token-path=/etc/github/token');
    const config = JSON.parse(await kubectl(['-n', 'prow', 'get', 'configmap', 'config', '-o', 'json'])) as { data: Record<string, string> };
    expect(config.data['config.yaml']).toContain('https://prow.example.com/view/');
    expect(await kubectl(['-n', 'prow', 'get', 'ingress', 'prow', '-o', 'jsonpath={.spec.rules[0].host}'])).toBe('prow.example.com');
    // Applying again changes nothing and conflicts with nothing.
    await apply();
  });

  it('gives each role exactly the access it needs (SubjectAccessReview for every verb and resource)', async () => {
    const api = kubeConfigFor({ contexts: { admin: 'default' } }).makeApiClient(AuthorizationV1Api);
    const wrong: string[] = [];
    for (const role of Object.keys(NEEDS)) {
      const checks = ALL_TARGETS.flatMap((t) => VERBS.map((verb) => ({ t, verb })));
      await Promise.all(checks.map(async ({ t, verb }) => {
        const expected = NEEDS[role]!.some(([need, verbs]) => need === t && verbs.includes(verb));
        const review = await api.createSubjectAccessReview({
          body: {
            spec: {
              user: `system:serviceaccount:prow:${role}`,
              groups: ['system:serviceaccounts', 'system:serviceaccounts:prow', 'system:authenticated'],
              resourceAttributes: { namespace: t.namespace, verb, group: t.group, resource: t.resource, subresource: t.subresource, name: t.name },
            },
          },
        });
        const allowed = review.status?.allowed === true;
        if (allowed !== expected) wrong.push(`${role}: ${verb} ${t.what}: ${allowed ? 'allowed' : 'denied'}, expected ${expected ? 'allowed' : 'denied'}`);
      }));
    }
    expect(wrong).toEqual([]);
  });

  it('answers `kubectl auth can-i` for the role ServiceAccounts as documented', async () => {
    const can = async (args: string[]): Promise<string> => {
      const r = await kubectlResult(['auth', 'can-i', ...args]);
      return `${r.stdout.trim()}${r.stderr.trim() ? ` (${r.stderr.trim()})` : ''}`;
    };
    expect(await can(['create', 'prowjobs.prow.k8s.io', '-n', 'prow', '--as=system:serviceaccount:prow:hook'])).toBe('yes');
    expect(await can(['delete', 'prowjobs.prow.k8s.io', '-n', 'prow', '--as=system:serviceaccount:prow:hook'])).toBe('no');
    expect(await can(['create', 'pods', '-n', 'test-pods', '--as=system:serviceaccount:prow:controller-manager'])).toBe('yes');
    expect(await can(['create', 'pods', '-n', 'prow', '--as=system:serviceaccount:prow:controller-manager'])).toBe('no');
    expect(await can(['get', 'pods', '--subresource=log', '-n', 'test-pods', '--as=system:serviceaccount:prow:deck'])).toBe('yes');
    expect(await can(['delete', 'pods', '-n', 'test-pods', '--as=system:serviceaccount:prow:deck'])).toBe('no');
    expect(await can(['get', 'secrets', '-n', 'prow', '--as=system:serviceaccount:prow:sinker'])).toBe('no');
  });
});
