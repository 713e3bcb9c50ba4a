// What makes two events "the same change" whichever way they arrived (a webhook, or the poller noticing it): keys
// built from the content GitHub gives both paths. A webhook and a poll that saw the same change produce the same key,
// so the second is dropped. Changes that can repeat (a label removed and added again) key on a time window instead.
import { eventCoordinates, type WebhookEvent } from '../../src/github/events.js';

export interface EventKey {
  key: string;
  /** How long the key stands for this change; undefined: for as long as the ledger keeps anything. */
  ttlMs?: number;
}

/** The keys of an event; none for kinds the poller never produces (those are never de-duplicated by content). */
export function eventKeys(ev: WebhookEvent, repeatWindowMs: number): EventKey[] {
  const where = eventCoordinates(ev);
  const full = (where.fullName ?? '').toLowerCase();
  switch (ev.kind) {
    case 'issue_comment': {
      const c = ev.payload.comment;
      if (ev.payload.action === 'created') return [{ key: `comment:${c.id}` }];
      if (ev.payload.action === 'edited') return [{ key: `comment:${c.id}:edited:${c.updated_at ?? ''}` }];
      return [];
    }
    case 'pull_request_review_comment': {
      return ev.payload.action === 'created' ? [{ key: `review-comment:${ev.payload.comment.id}` }] : [];
    }
    case 'pull_request_review':
      return ev.payload.action === 'submitted' ? [{ key: `review:${ev.payload.review.id}` }] : [];
    case 'pull_request': {
      const pr = ev.payload.pull_request;
      const at = `pr:${full}#${pr.number}`;
      switch (ev.payload.action) {
        case 'opened':
          return [{ key: `${at}:opened` }, { key: `${at}:head:${pr.head.sha}` }];
        case 'synchronize':
          return [{ key: `${at}:head:${pr.head.sha}` }];
        case 'reopened':
          return [{ key: `${at}:reopened`, ttlMs: repeatWindowMs }];
        case 'closed':
          return [{ key: `${at}:closed`, ttlMs: repeatWindowMs }];
        case 'labeled':
        case 'unlabeled':
          return ev.payload.label ? [{ key: `${at}:${ev.payload.action}:${ev.payload.label.name}`, ttlMs: repeatWindowMs }] : [];
        default:
          return [];
      }
    }
    case 'push':
      return [{ key: `push:${full}:${ev.payload.ref}:${ev.payload.after}` }];
    default:
      return [];
  }
}
