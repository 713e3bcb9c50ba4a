// Every plugin's name and the plugins.yaml sections it owns, without the plugins' handlers: what loading config needs.
// `prow checkconfig` loads this rather than plugins/index.ts, whose handlers take longer to load than a large
// deployment's config takes to check. plugins/index.ts lists the same plugins, in the same order, with everything
// else they are; the registry test checks that the two lists agree.
import type { LoadOptions } from '../src/config/load.js';
import type { PluginRegistryInfo } from '../src/config/plugin-sections.js';
import type { OwnedSection } from './types.js';
import { TRIGGER_CONFIG } from './trigger/config.js';
import { APPROVE_CONFIG } from './approve/config.js';
import { SECTION as blockadeSection } from './blockade/section.js';
import { BLUNDERBUSS_CONFIG } from './blunderbuss/config.js';
import { BRANCH_CLEANER } from './branchcleaner/section.js';
import { BUGZILLA_SECTION } from './bugzilla/options.js';
import { CAT } from './cat/section.js';
import { SECTION as cherryPickApprovedSection } from './cherry-pick-approved/section.js';
import { SECTION as cherryPickUnapprovedSection } from './cherry-pick-unapproved/section.js';
import { CONFIG_UPDATER } from './config-updater/config.js';
import { SECTION as dcoSection } from './dco/section.js';
import { DOG } from './dog/section.js';
import { GOLINT } from './golint/section.js';
import { GOOSE } from './goose/section.js';
import { HEART } from './heart/section.js';
import { HELP } from './help/section.js';
import { SECTION as invalidcommitmsgSection } from './invalidcommitmsg/section.js';
import { JIRA } from './jira/section.js';
import { LABEL_CONFIG } from './label/config.js';
import { LGTM_CONFIG } from './lgtm/config.js';
import { REPO_MILESTONE_SECTION } from './shared/milestone-maintainers.js';
import { SECTION as milestoneapplierSection } from './milestoneapplier/section.js';
import { SECTION as overrideSection } from './override/section.js';
import { PONY_SECTION } from './pony/section.js';
import { PROJECT_CONFIG_SECTION } from './project/config.js';
import { PROJECT_MANAGER_SECTION } from './project-manager/config.js';
import { SECTION as releaseNoteSection } from './release-note/section.js';
import { SECTION as requireMatchingLabelSection } from './require-matching-label/section.js';
import { SECTION as retitleSection } from './retitle/section.js';
import { SIGMENTION } from './sigmention/section.js';
import { SIZE_CONFIG } from './size/config.js';
import { SLACK } from './slackevents/section.js';
import { SECTION as trickOrTreatSection } from './trick-or-treat/section.js';
import { WELCOME } from './welcome/section.js';
import { YUKS } from './yuks/section.js';

/** Each plugin's name and the sections it owns (as its definePlugin's config.sections). */
export const PLUGIN_SECTIONS: readonly (readonly [name: string, sections: readonly OwnedSection[]])[] = [
  ['trigger', TRIGGER_CONFIG.sections],
  ['approve', APPROVE_CONFIG.sections],
  ['assign', []],
  ['blockade', [blockadeSection]],
  ['blunderbuss', BLUNDERBUSS_CONFIG.sections],
  ['branchcleaner', [BRANCH_CLEANER]],
  ['bugzilla', [BUGZILLA_SECTION]],
  ['buildifier', []],
  ['cat', [CAT]],
  ['cherry-pick-approved', [cherryPickApprovedSection]],
  ['cherry-pick-unapproved', [cherryPickUnapprovedSection]],
  ['cla', []],
  ['config-updater', [CONFIG_UPDATER]],
  ['dco', [dcoSection]],
  ['dog', [DOG]],
  ['golint', [GOLINT]],
  ['goose', [GOOSE]],
  ['heart', [HEART]],
  ['help', [HELP]],
  ['hold', []],
  ['invalidcommitmsg', [invalidcommitmsgSection]],
  ['issue-management', []],
  ['jira', [JIRA]],
  ['label', LABEL_CONFIG.sections],
  ['lgtm', LGTM_CONFIG.sections],
  ['lifecycle', []],
  ['merge-method-comment', []],
  ['mergecommitblocker', []],
  ['milestone', [REPO_MILESTONE_SECTION]],
  ['milestoneapplier', [milestoneapplierSection]],
  ['milestonestatus', []],
  ['override', [overrideSection]],
  ['owners-label', []],
  ['pony', [PONY_SECTION]],
  ['project', [PROJECT_CONFIG_SECTION]],
  ['project-manager', [PROJECT_MANAGER_SECTION]],
  ['release-note', [releaseNoteSection]],
  ['require-matching-label', [requireMatchingLabelSection]],
  ['retitle', [retitleSection]],
  ['shrug', []],
  ['sigmention', [SIGMENTION]],
  ['size', SIZE_CONFIG.sections],
  ['skip', []],
  ['slackevents', [SLACK]],
  ['stage', []],
  ['testfreeze', []],
  ['transfer-issue', []],
  ['trick-or-treat', [trickOrTreatSection]],
  ['verify-owners', []],
  ['welcome', [WELCOME]],
  ['wip', []],
  ['yuks', [YUKS]],
];

/** Names plugins.yaml may enable (checkconfig reports any other as an error). */
export const KNOWN_PLUGIN_NAMES: readonly string[] = PLUGIN_SECTIONS.map(([name]) => name);

/** What the config loader needs from the registry: the names, and the plugins.yaml sections they own. */
export const PLUGIN_REGISTRY: PluginRegistryInfo = {
  names: KNOWN_PLUGIN_NAMES,
  sections: PLUGIN_SECTIONS.flatMap(([plugin, sections]) => sections.map((s) => ({ ...s, plugin }))),
};

/**
 * How config is validated everywhere: at a process's start, on every hot reload, and by `prow checkconfig`, so a
 * reload never accepts what checkconfig rejects.
 */
export const CONFIG_VALIDATION: LoadOptions = { plugins: PLUGIN_REGISTRY };
