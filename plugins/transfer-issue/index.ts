// The transfer-issue plugin: `/transfer[-issue] <repo>` moves an issue to another repository of the same org, for
// org members (upstream's older in-tree plugin; newer upstream also has the command in issue-management).
import type { GenericCommentEvent } from '../../src/github/events.js';
import { handleTransfer, TRANSFER_ISSUE } from '../shared/transfer-issue.js';
import { definePlugin, type HandlerContext } from '../types.js';

export const transferIssuePlugin = definePlugin({
  name: 'transfer-issue',
  description: 'The transfer-issue plugin transfers a GitHub issue from one repo to another in the same organization.',
  commands: [TRANSFER_ISSUE],
  handlers: {
    genericComment: async (ctx: HandlerContext<GenericCommentEvent>) => {
      await handleTransfer(ctx);
    },
  },
});
