// Branch protection as GitHub checks and shows it: a PUT naming restrictions on a user-owned repo, an unknown
// user or team, or more than 6 required approvals is refused with 422 (nothing stored); GET answers in GitHub's
// read shape (`enforce_admins: {enabled}`, users as `{login}`, teams as `{slug}`), not the request shape.
import { GitHubError } from '../model.js';
import type { RepoRec } from '../model.js';
import type { GitHubState } from '../state.js';

type Json = Record<string, unknown>;

const names = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** Throws GitHub's 422 when GitHub would refuse this protection request. */
export function validateProtection(state: GitHubState, repo: RepoRec, b: Json): void {
  const org = state.orgs.get(repo.owner.toLowerCase());
  const checkPeople = (v: unknown, where: string): void => {
    if (!v) return;
    const users = names((v as Json).users);
    const teams = names((v as Json).teams);
    if (!org && (users.length || teams.length)) throw new GitHubError(422, 'Only organization repositories can have users and team restrictions');
    for (const u of users) if (!state.users.has(u.toLowerCase())) throw new GitHubError(422, 'Validation Failed', [{ resource: where, field: 'users', code: 'invalid', message: `User ${u} does not exist` }]);
    for (const t of teams) if (!org?.teams.some((x) => x.slug === t)) throw new GitHubError(422, 'Validation Failed', [{ resource: where, field: 'teams', code: 'invalid', message: `No team found with slug ${t}` }]);
  };
  checkPeople(b.restrictions, 'Restrictions');
  const reviews = b.required_pull_request_reviews as Json | null | undefined;
  checkPeople(reviews?.dismissal_restrictions, 'DismissalRestrictions');
  const n = Number(reviews?.required_approving_review_count ?? 0);
  if (n > 6) throw new GitHubError(422, `Invalid request.\n\n${n} is greater than the maximum of 6.`);
}

/** The stored request body in GitHub's GET shape. */
export function protectionReadShape(url: string, b: Json): Json {
  const people = (v: unknown): Json | undefined => v
    ? { users: names((v as Json).users).map((login) => ({ login })), teams: names((v as Json).teams).map((slug) => ({ slug })), ...((v as Json).apps ? { apps: names((v as Json).apps).map((slug) => ({ slug })) } : {}) }
    : undefined;
  const checks = b.required_status_checks as Json | null | undefined;
  const reviews = b.required_pull_request_reviews as Json | null | undefined;
  const out: Json = {
    url,
    enforce_admins: { url: `${url}/enforce_admins`, enabled: b.enforce_admins === true },
    required_linear_history: { enabled: b.required_linear_history === true },
    allow_force_pushes: { enabled: b.allow_force_pushes === true },
    allow_deletions: { enabled: b.allow_deletions === true },
  };
  if (checks) {
    const contexts = names(checks.contexts);
    out.required_status_checks = { url: `${url}/required_status_checks`, strict: checks.strict === true, contexts, checks: contexts.map((context) => ({ context, app_id: null })) };
  }
  if (reviews) {
    out.required_pull_request_reviews = {
      url: `${url}/required_pull_request_reviews`,
      dismiss_stale_reviews: reviews.dismiss_stale_reviews === true,
      require_code_owner_reviews: reviews.require_code_owner_reviews === true,
      required_approving_review_count: Number(reviews.required_approving_review_count ?? 0),
      ...(reviews.dismissal_restrictions ? { dismissal_restrictions: people(reviews.dismissal_restrictions) } : {}),
      ...(reviews.bypass_pull_request_allowances ? { bypass_pull_request_allowances: people(reviews.bypass_pull_request_allowances) } : {}),
    };
  }
  if (b.restrictions) out.restrictions = { url: `${url}/restrictions`, ...people(b.restrictions) };
  return out;
}
