// Search (REST and GraphQL) with Tide's qualifiers, GraphQL viewer/user, and GitHub App authentication.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { App, Octokit, RequestError } from 'octokit';
import { FakeGitHub } from '../../fakes/github/index.js';

// The document upstream Tide sends (fields as its PullRequest struct asks for them).
const TIDE_QUERY = `query($query: String!, $searchCursor: String) {
  search(type: ISSUE, first: 100, after: $searchCursor, query: $query) {
    pageInfo { hasNextPage endCursor }
    nodes {
      ... on PullRequest {
        number
        author { login }
        baseRef { name prefix }
        headRefName
        headRefOid
        mergeable
        canBeRebased
        isDraft
        title
        body
        url
        updatedAt
        reviewDecision
        labels(first: 100) { nodes { name } }
        milestone { title }
        commits(last: 1) {
          nodes {
            commit {
              oid
              status { contexts { context state description targetUrl } }
              statusCheckRollup { contexts(last: 100) { nodes { __typename ... on CheckRun { name conclusion status } ... on StatusContext { context state } } } }
            }
          }
        }
        repository { name nameWithOwner owner { login } url }
      }
    }
  }
  rateLimit { cost remaining }
}`;

interface TidePR {
  number: number;
  author: { login: string };
  baseRef: { name: string; prefix: string };
  headRefOid: string;
  mergeable: string;
  labels: { nodes: { name: string }[] };
  milestone: { title: string } | null;
  commits: { nodes: { commit: { oid: string; status: { contexts: { context: string; state: string }[] } | null } }[] };
  repository: { name: string; nameWithOwner: string; owner: { login: string } };
  reviewDecision: string | null;
}

interface SearchResult {
  search: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: TidePR[] };
  rateLimit: { cost: number; remaining: number };
}

describe('fake GitHub search and GraphQL', () => {
  let gh: FakeGitHub;
  let ok: Octokit;
  const numbers: Record<string, number> = {};

  beforeAll(async () => {
    gh = await FakeGitHub.start();
    gh.addOrg('org', { members: ['alice', 'bob'] });
    gh.addOrg('other');
    await gh.createRepo('org', 'repo', {});
    await gh.createRepo('org', 'infra', {});
    await gh.createRepo('org', 'old', { archived: true });
    await gh.createRepo('other', 'repo', {});
    await gh.pushCommit('org', 'repo', 'release-1.0', { 'r.txt': 'r\n' });
    gh.createMilestone('org', 'repo', 'v1.0');
    numbers.ready = (await gh.openPullRequest('org', 'repo', { author: 'alice', title: 'ready', files: { 'a.txt': 'a\n' }, labels: ['lgtm', 'approved'], milestone: 1 })).number;
    numbers.held = (await gh.openPullRequest('org', 'repo', { author: 'bob', title: 'held', files: { 'b.txt': 'b\n' }, labels: ['lgtm', 'approved', 'do-not-merge/hold'] })).number;
    numbers.release = (await gh.openPullRequest('org', 'repo', { author: 'alice', title: 'release', base: 'release-1.0', files: { 'c.txt': 'c\n' }, labels: ['lgtm', 'approved'] })).number;
    numbers.infra = (await gh.openPullRequest('org', 'infra', { author: 'bob', title: 'infra', files: { 'd.txt': 'd\n' }, labels: ['lgtm', 'approved'] })).number;
    numbers.archived = (await gh.openPullRequest('org', 'old', { author: 'bob', title: 'archived', files: { 'e.txt': 'e\n' }, labels: ['lgtm', 'approved'] })).number;
    numbers.other = (await gh.openPullRequest('other', 'repo', { author: 'alice', title: 'elsewhere', files: { 'f.txt': 'f\n' }, labels: ['lgtm', 'approved'] })).number;
    numbers.closed = (await gh.openPullRequest('org', 'repo', { author: 'alice', title: 'closed', files: { 'g.txt': 'g\n' }, labels: ['lgtm', 'approved'] })).number;
    await gh.setIssueState('org', 'repo', numbers.closed, 'closed');
    await gh.review('org', 'repo', numbers.ready, 'bob', 'APPROVED');
    await gh.createIssue('org', 'repo', 'alice', { title: 'an issue', labels: ['lgtm', 'approved'] });
    ok = new Octokit({ auth: 'tok', baseUrl: gh.url, throttle: { enabled: false }, retry: { enabled: false } });
  });

  afterAll(async () => {
    await gh.stop();
  });

  const restSearch = async (q: string): Promise<string[]> => {
    const res = await ok.rest.search.issuesAndPullRequests({ q, per_page: 100 });
    expect(res.data.total_count).toBe(res.data.items.length);
    return res.data.items.map((i) => i.title).sort();
  };

  it('filters by Tide’s qualifiers over REST', async () => {
    const base = 'is:pr state:open archived:false label:lgtm label:approved -label:do-not-merge/hold';
    expect(await restSearch(`${base} org:org`)).toEqual(['infra', 'ready', 'release']);
    expect(await restSearch(`${base} org:"org" -repo:org/infra`)).toEqual(['ready', 'release']);
    expect(await restSearch(`${base} repo:org/repo base:main`)).toEqual(['ready']);
    expect(await restSearch(`${base} repo:org/repo -base:main`)).toEqual(['release']);
    expect(await restSearch(`${base} author:alice`)).toEqual(['elsewhere', 'ready', 'release']);
    expect(await restSearch(`${base} review:approved`)).toEqual(['ready']);
    expect(await restSearch(`${base} milestone:"v1.0"`)).toEqual(['ready']);
    expect(await restSearch('is:pr is:closed repo:org/repo')).toEqual(['closed']);
    expect(await restSearch('is:issue repo:org/repo')).toEqual(['an issue']);
    expect(await restSearch('is:pr org:org archived:true')).toEqual(['archived']);
    expect(await restSearch(`is:pr repo:org/repo updated:>=2000-01-01T00:00:00Z state:open`)).toEqual(['held', 'ready', 'release']);
    expect(await restSearch(`is:pr repo:org/repo updated:<2000-01-01 state:open`)).toEqual([]);
    // As GitHub: several repo: (or org:) qualifiers mean any of them (Tide searches `repo:"a" repo:"b"` per org).
    expect(await restSearch(`${base} repo:"org/infra" repo:"other/repo"`)).toEqual(['elsewhere', 'infra']);
    expect(await restSearch(`${base} repo:"org/infra" repo:"org/repo" -repo:"org/repo"`)).toEqual(['infra']);
  });

  it('rejects a search without q with 422', async () => {
    const res = await fetch(`${gh.url}/search/issues`, { headers: { authorization: 'token x' } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: { field: string }[] }).errors[0].field).toBe('q');
  });

  it('answers Tide’s GraphQL search with the fields it reads', async () => {
    const sha = gh.issue('org', 'repo', numbers.ready).pull!.headSha;
    await gh.setStatus('org', 'repo', sha, { state: 'success', context: 'ci/unit' });
    // octokit.graphql() reserves the variable name `query`, so send Tide's document as a plain POST.
    const raw = await ok.request('POST /graphql', {
      query: TIDE_QUERY,
      variables: { query: 'is:pr state:open archived:false org:"org" label:lgtm -label:"do-not-merge/hold" repo:"org/repo" base:"main"', searchCursor: null },
    });
    const res = (raw.data as { data: SearchResult }).data;
    expect(res.search.nodes).toHaveLength(1);
    const pr = res.search.nodes[0];
    expect(pr).toMatchObject({
      number: numbers.ready,
      author: { login: 'alice' },
      baseRef: { name: 'main', prefix: 'refs/heads/' },
      headRefOid: sha,
      mergeable: 'MERGEABLE',
      milestone: { title: 'v1.0' },
      repository: { name: 'repo', nameWithOwner: 'org/repo', owner: { login: 'org' } },
      reviewDecision: 'APPROVED',
    });
    expect(pr.labels.nodes.map((l) => l.name)).toEqual(['lgtm', 'approved']);
    expect(pr.commits.nodes[0].commit.oid).toBe(sha);
    expect(pr.commits.nodes[0].commit.status?.contexts).toEqual([{ context: 'ci/unit', state: 'SUCCESS', description: null, targetUrl: null }]);
    expect(res.rateLimit.cost).toBe(1);
  });

  it('pages GraphQL search with cursors', async () => {
    const q = `query($q: String!, $after: String) { search(type: ISSUE, first: 2, after: $after, query: $q) { issueCount pageInfo { hasNextPage endCursor } nodes { ... on PullRequest { title } } } }`;
    type R = { search: { issueCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { title: string }[] } };
    const titles: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: R = await ok.graphql<R>(q, { q: 'is:pr is:open label:lgtm', after });
      expect(res.search.issueCount).toBe(6);
      titles.push(...res.search.nodes.map((n) => n.title));
      after = res.search.pageInfo.hasNextPage ? res.search.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(titles.sort()).toEqual(['archived', 'elsewhere', 'held', 'infra', 'ready', 'release']);
  });

  it('answers viewer and user, and reports unknown fields as GraphQL errors', async () => {
    const res = await ok.graphql<{ viewer: { login: string }; user: { login: string; __typename: string } }>('{ viewer { login } user(login: "alice") { login __typename } }');
    expect(res).toEqual({ viewer: { login: 'k8s-ci-robot' }, user: { login: 'alice', __typename: 'User' } });
    const bad = await fetch(gh.graphqlUrl, { method: 'POST', headers: { authorization: 'bearer x', 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ viewer { nope } }' }) });
    expect(bad.status).toBe(200);
    const body = (await bad.json()) as { errors: { message: string }[] };
    expect(body.errors[0].message).toBe("Field 'nope' doesn't exist on type 'User'");
    const missing = await ok.graphql('{ user(login: "ghost") { login } }').catch((e: unknown) => e);
    expect(String(missing)).toContain("Could not resolve to a User with the login of 'ghost'");
  });

  it('reads a pull request through repository(owner:, name:) { pullRequest(number:) }', async () => {
    type R = { repository: { pullRequest: { number: number; state: string; files: { nodes: { path: string }[] }; commits: { totalCount: number } } } };
    const res = await ok.graphql<R>('query($n: Int!) { repository(owner: "org", name: "repo") { pullRequest(number: $n) { number state files(first: 10) { nodes { path } } commits(first: 10) { totalCount } } } }', { n: numbers.closed });
    expect(res.repository.pullRequest).toEqual({ number: numbers.closed, state: 'CLOSED', files: { nodes: [{ path: 'g.txt' }] }, commits: { totalCount: 1 } });
  });

  it('runs mutations by node ID, in order, emitting the webhook the change makes', async () => {
    type Q = { repository: { pullRequest: { id: string; isDraft: boolean } } };
    const pr = (await ok.graphql<Q>('query($n: Int!) { repository(owner: "org", name: "repo") { pullRequest(number: $n) { id isDraft } } }', { n: numbers.ready })).repository.pullRequest;
    expect(pr.isDraft).toBe(false);
    type M = { draft: { pullRequest: { isDraft: boolean } }; ready: { pullRequest: { isDraft: boolean; number: number } } };
    const res = await ok.graphql<M>('mutation($id: ID!) { draft: convertPullRequestToDraft(input: {pullRequestId: $id}) { pullRequest { isDraft } } ready: markPullRequestReadyForReview(input: {pullRequestId: $id}) { pullRequest { isDraft number } } }', { id: pr.id });
    expect(res).toEqual({ draft: { pullRequest: { isDraft: true } }, ready: { pullRequest: { isDraft: false, number: numbers.ready } } });
    await gh.flush();
    const actions = gh.deliveries.filter((d) => d.event === 'pull_request' && (d.payload as { pull_request: { number: number } }).pull_request.number === numbers.ready).map((d) => d.action);
    expect(actions.slice(-2)).toEqual(['converted_to_draft', 'ready_for_review']);
    const node = await ok.graphql<{ node: { __typename: string; number: number } }>('query($id: ID!) { node(id: $id) { __typename ... on PullRequest { number } } }', { id: pr.id });
    expect(node.node).toEqual({ __typename: 'PullRequest', number: numbers.ready });
    const unknown = await ok.graphql('mutation { markPullRequestReadyForReview(input: {pullRequestId: "bm9wZQ=="}) { clientMutationId } }').catch((e: unknown) => e);
    expect(String(unknown)).toContain('Could not resolve to a node');
    const notModelled = await ok.graphql('mutation { deleteRepository(input: {}) { clientMutationId } }').catch((e: unknown) => e);
    expect(String(notModelled)).toContain("Field 'deleteRepository' doesn't exist on type 'Mutation'");
  });
});

describe('fake GitHub App authentication', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  let gh: FakeGitHub;
  let installationId: number;

  beforeAll(async () => {
    gh = await FakeGitHub.start({ app: { id: 4242, slug: 'prow-app', publicKeyPem: publicKey } });
    await gh.createRepo('org', 'repo', {});
    await gh.createRepo('elsewhere', 'repo', {});
    installationId = gh.addInstallation('org');
    gh.addCollaborator('org', 'repo', 'prow-app[bot]', 'write');
  });

  afterAll(async () => {
    await gh.stop();
  });

  const FakeOctokit = (gh: FakeGitHub): typeof Octokit => Octokit.defaults({ baseUrl: gh.url, throttle: { enabled: false }, retry: { enabled: false } });

  it('exchanges a signed app JWT for an installation token that authenticates as the app bot', async () => {
    const app = new App({ appId: 4242, privateKey, Octokit: FakeOctokit(gh) });
    const found = await app.octokit.request('GET /repos/{owner}/{repo}/installation', { owner: 'org', repo: 'repo' });
    expect(found.data.id).toBe(installationId);
    const orgInst = await app.octokit.request('GET /orgs/{org}/installation', { org: 'org' });
    expect((orgInst.data.account as { login: string }).login).toBe('org');
    const list = await app.octokit.request('GET /app/installations');
    expect(list.data.map((i) => i.id)).toEqual([installationId]);
    const inst = await app.getInstallationOctokit(installationId);
    await inst.rest.issues.create({ owner: 'org', repo: 'repo', title: 'made by the app' });
    expect(gh.issue('org', 'repo', 1).user).toBe('prow-app[bot]');
    expect(gh.requestsTo('POST', `/app/installations/${installationId}/access_tokens`)).toHaveLength(1);
    // The token covers the installation's account only.
    expect(((await inst.rest.repos.get({ owner: 'elsewhere', repo: 'repo' }).catch((e: unknown) => e)) as RequestError).status).toBe(404);
  });

  it('rejects a JWT signed with another key and app endpoints without a JWT', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const app = new App({ appId: 4242, privateKey: other.privateKey, Octokit: FakeOctokit(gh) });
    const err = (await app.octokit.request('GET /app/installations').catch((e: unknown) => e)) as RequestError;
    expect(err.status).toBe(401);
    const plain = new (FakeOctokit(gh))({ auth: 'some-token' });
    expect(((await plain.request('GET /app/installations').catch((e: unknown) => e)) as RequestError).status).toBe(401);
  });
});

describe('fake GitHub OAuth sign-in', () => {
  let gh: FakeGitHub;
  beforeAll(async () => {
    gh = await FakeGitHub.start();
    gh.addOAuthApp('client-1', 'secret-1');
    gh.setOAuthLogin('alice');
  });
  afterAll(async () => {
    await gh.stop();
  });

  it('redirects back with a code that exchanges for a token of the signed-in user', async () => {
    const authorize = `${gh.url}/login/oauth/authorize?client_id=client-1&redirect_uri=${encodeURIComponent('http://deck.example/github-login/redirect')}&state=s1&scope=public_repo`;
    const res = await fetch(authorize, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe('http://deck.example/github-login/redirect');
    expect(back.searchParams.get('state')).toBe('s1');
    const code = back.searchParams.get('code')!;
    const exchange = (body: Record<string, string>): Promise<Record<string, string>> =>
      fetch(`${gh.url}/login/oauth/access_token`, { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<Record<string, string>>);
    expect((await exchange({ client_id: 'client-1', client_secret: 'wrong', code })).error).toBe('incorrect_client_credentials');
    const tok = await exchange({ client_id: 'client-1', client_secret: 'secret-1', code });
    expect(tok).toMatchObject({ token_type: 'bearer', scope: 'public_repo' });
    expect((await exchange({ client_id: 'client-1', client_secret: 'secret-1', code })).error).toBe('bad_verification_code');
    const user = new Octokit({ auth: tok.access_token, baseUrl: gh.url, throttle: { enabled: false }, retry: { enabled: false } });
    expect((await user.rest.users.getAuthenticated()).data.login).toBe('alice');
  });

  it('answers form-encoded exchanges in form encoding', async () => {
    const res = await fetch(`${gh.url}/login/oauth/authorize?client_id=client-1&redirect_uri=http%3A%2F%2Fx%2Fcb`, { redirect: 'manual' });
    const code = new URL(res.headers.get('location')!).searchParams.get('code')!;
    const form = await fetch(`${gh.url}/login/oauth/access_token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: 'client-1', client_secret: 'secret-1', code }).toString() });
    expect(new URLSearchParams(await form.text()).get('access_token')).toMatch(/^gho_/);
  });
});
