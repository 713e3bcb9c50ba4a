// Every hook plugin, by name. Adding a plugin is adding its folder, one line here and one in sections.ts.
import type { Plugin } from './types.js';
import { approve } from './approve/index.js';
import { assign } from './assign/index.js';
import { blockade } from './blockade/index.js';
import { blunderbuss } from './blunderbuss/index.js';
import { branchcleaner } from './branchcleaner/index.js';
import { bugzilla } from './bugzilla/index.js';
import { buildifier } from './buildifier/index.js';
import { cat } from './cat/index.js';
import { cherryPickApproved } from './cherry-pick-approved/index.js';
import { cherryPickUnapproved } from './cherry-pick-unapproved/index.js';
import { cla } from './cla/index.js';
import { configUpdater } from './config-updater/index.js';
import { dco } from './dco/index.js';
import { dog } from './dog/index.js';
import { golint } from './golint/index.js';
import { goose } from './goose/index.js';
import { heart } from './heart/index.js';
import { help } from './help/index.js';
import { hold } from './hold/index.js';
import { invalidcommitmsg } from './invalidcommitmsg/index.js';
import { issueManagement } from './issue-management/index.js';
import { jira } from './jira/index.js';
import { label } from './label/index.js';
import { lgtm } from './lgtm/index.js';
import { lifecycle } from './lifecycle/index.js';
import { mergeMethodCommentPlugin } from './merge-method-comment/index.js';
import { mergecommitblocker } from './mergecommitblocker/index.js';
import { milestone } from './milestone/index.js';
import { milestoneapplier } from './milestoneapplier/index.js';
import { milestonestatus } from './milestonestatus/index.js';
import { override } from './override/index.js';
import { ownersLabel } from './owners-label/index.js';
import { pony } from './pony/index.js';
import { project } from './project/index.js';
import { projectManager } from './project-manager/index.js';
import { releaseNote } from './release-note/index.js';
import { requireMatchingLabel } from './require-matching-label/index.js';
import { retitle } from './retitle/index.js';
import { shrug } from './shrug/index.js';
import { sigmention } from './sigmention/index.js';
import { size } from './size/index.js';
import { skip } from './skip/index.js';
import { slackevents } from './slackevents/index.js';
import { stage } from './stage/index.js';
import { testfreeze } from './testfreeze/index.js';
import { transferIssuePlugin } from './transfer-issue/index.js';
import { trickOrTreat } from './trick-or-treat/index.js';
import { trigger } from './trigger/index.js';
import { verifyOwners } from './verify-owners/index.js';
import { welcome } from './welcome/index.js';
import { wip } from './wip/index.js';
import { yuks } from './yuks/index.js';

export const PLUGINS: readonly Plugin[] = [
  trigger,
  approve,
  assign,
  blockade,
  blunderbuss,
  branchcleaner,
  bugzilla,
  buildifier,
  cat,
  cherryPickApproved,
  cherryPickUnapproved,
  cla,
  configUpdater,
  dco,
  dog,
  golint,
  goose,
  heart,
  help,
  hold,
  invalidcommitmsg,
  issueManagement,
  jira,
  label,
  lgtm,
  lifecycle,
  mergeMethodCommentPlugin,
  mergecommitblocker,
  milestone,
  milestoneapplier,
  milestonestatus,
  override,
  ownersLabel,
  pony,
  project,
  projectManager,
  releaseNote,
  requireMatchingLabel,
  retitle,
  shrug,
  sigmention,
  size,
  skip,
  slackevents,
  stage,
  testfreeze,
  transferIssuePlugin,
  trickOrTreat,
  verifyOwners,
  welcome,
  wip,
  yuks,
];

// The names and owned sections, which config loading needs, come from sections.ts: it lists the same plugins without
// their handlers.
export { CONFIG_VALIDATION, KNOWN_PLUGIN_NAMES, PLUGIN_REGISTRY } from './sections.js';

export type { Plugin, PluginHelp, PluginCommand, CommandSpec, HandlerContext } from './types.js';
