// Metric label values taken from webhooks: the X-GitHub-Event header and the payload's `action` are the sender's
// text, so each is kept only when it is one of GitHub's names and counted as `unknown` otherwise. A label's values
// stay a small fixed set however many made-up names arrive.

/** GitHub's webhook event names (docs: "Webhook events and payloads"). */
const EVENT_TYPES = new Set([
  'branch_protection_configuration', 'branch_protection_rule', 'check_run', 'check_suite', 'code_scanning_alert', 'commit_comment',
  'create', 'custom_property', 'custom_property_values', 'delete', 'dependabot_alert', 'deploy_key', 'deployment',
  'deployment_protection_rule', 'deployment_review', 'deployment_status', 'discussion', 'discussion_comment', 'fork',
  'github_app_authorization', 'gollum', 'installation', 'installation_repositories', 'installation_target', 'issue_comment',
  'issues', 'label', 'marketplace_purchase', 'member', 'membership', 'merge_group', 'meta', 'milestone', 'org_block',
  'organization', 'package', 'page_build', 'personal_access_token_request', 'ping', 'project', 'project_card', 'project_column',
  'projects_v2', 'projects_v2_item', 'public', 'pull_request', 'pull_request_review', 'pull_request_review_comment',
  'pull_request_review_thread', 'push', 'registry_package', 'release', 'repository', 'repository_advisory',
  'repository_dispatch', 'repository_import', 'repository_ruleset', 'repository_vulnerability_alert', 'secret_scanning_alert',
  'secret_scanning_alert_location', 'security_advisory', 'security_and_analysis', 'sponsorship', 'star', 'status', 'team',
  'team_add', 'watch', 'workflow_dispatch', 'workflow_job', 'workflow_run',
]);

/** Actions GitHub sends in the events Prow handles (and the derived generic comment event's). */
const ACTIONS = new Set([
  '', 'assigned', 'auto_merge_disabled', 'auto_merge_enabled', 'closed', 'completed', 'converted_to_draft', 'created', 'deleted',
  'demilestoned', 'dequeued', 'dismissed', 'edited', 'enqueued', 'labeled', 'locked', 'milestoned', 'opened', 'pinned',
  'ready_for_review', 'reopened', 'requested', 'requested_action', 'rerequested', 'resolved', 'review_request_removed',
  'review_requested', 'submitted', 'synchronize', 'transferred', 'unassigned', 'unlabeled', 'unlocked', 'unpinned', 'unresolved',
]);

export const UNKNOWN_LABEL = 'unknown';

/** The event type as a metric label value. */
export function eventTypeLabel(eventType: string): string {
  return EVENT_TYPES.has(eventType) ? eventType : UNKNOWN_LABEL;
}

/** The payload's action as a metric label value. */
export function actionLabel(action: string): string {
  return ACTIONS.has(action) ? action : UNKNOWN_LABEL;
}
