// Projects (v2) in the GraphQL schema: `projectV2(number:)` and `projectsV2(first:, after:)` on Organization and
// User, ProjectV2 (`field(name:)`, `fields`, `items`), its single-select Status field and options, ProjectV2Item
// (`content`, `fieldValueByName(name:)`), and `projectItems` on Issue and PullRequest.
import type { IssueRec, RepoRec } from '../model.js';
import type { ProjectV2ItemRec, ProjectV2Rec, ProjectsV2 } from '../projects-v2.js';
import { nodeId, type Urls } from '../shapes.js';
import { FieldError, type Args, type GqlObject } from './execute.js';
import { connection } from './schema.js';

/** The number a fake node ID of `kind` carries, or undefined when `id` is not one. */
export function idOfNode(kind: string, id: unknown): number | undefined {
  if (typeof id !== 'string') return undefined;
  const m = new RegExp(`^${kind}:(\\d+)$`).exec(Buffer.from(id, 'base64').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

export class ProjectsV2Graph {
  constructor(
    private readonly projects: ProjectsV2,
    private readonly urls: Urls,
    private readonly content: (repo: RepoRec, issue: IssueRec) => GqlObject,
    private readonly isOrg: (login: string) => boolean,
  ) {}

  /** The fields an Organization or User has for its projects. */
  ownerFields(owner: string): Pick<GqlObject, 'projectV2' | 'projectsV2'> {
    return {
      projectV2: (a: Args) => {
        const p = this.projects.ownedBy(owner).find((x) => x.number === Number(a.number));
        if (!p) throw new FieldError(`Could not resolve to a ProjectV2 with the number ${String(a.number)}.`, 'NOT_FOUND');
        return this.project(p);
      },
      projectsV2: (a: Args) => {
        const q = typeof a.query === 'string' ? a.query.toLowerCase() : '';
        const list = this.projects.ownedBy(owner).filter((p) => q === '' || p.title.toLowerCase().includes(q));
        return connection('ProjectV2', list, a, (p) => this.project(p));
      },
    };
  }

  /** Issue.projectItems / PullRequest.projectItems. */
  projectItems(issue: IssueRec): (a: Args) => GqlObject {
    return (a) => connection('ProjectV2Item', this.projects.itemsOf(issue), a, ({ project, item }) => this.item(project, item));
  }

  /** `node(id:)` for a project or an item; undefined when `id` names neither. */
  node(id: unknown): GqlObject | undefined {
    const pid = idOfNode('ProjectV2', id);
    if (pid !== undefined) {
      const p = this.projects.byId(pid);
      return p ? this.project(p) : undefined;
    }
    const iid = idOfNode('ProjectV2Item', id);
    const found = iid === undefined ? undefined : this.projects.itemById(iid);
    return found && this.item(found.project, found.item);
  }

  project(p: ProjectV2Rec): GqlObject {
    const status = (): GqlObject | null => {
      if (!p.status) return null;
      return {
        __typename: 'ProjectV2SingleSelectField',
        __implements: ['ProjectV2FieldCommon', 'ProjectV2FieldConfiguration', 'Node'],
        id: nodeId('ProjectV2SingleSelectField', p.status.id),
        name: p.status.name,
        dataType: 'SINGLE_SELECT',
        options: p.status.options.map((o) => ({ __typename: 'ProjectV2SingleSelectFieldOption', id: o.id, name: o.name, nameHTML: o.name })),
      };
    };
    const title: GqlObject = { __typename: 'ProjectV2Field', __implements: ['ProjectV2FieldCommon', 'ProjectV2FieldConfiguration', 'Node'], id: nodeId('ProjectV2Field', p.id), name: 'Title', dataType: 'TITLE' };
    return {
      __typename: 'ProjectV2',
      __implements: ['Node'],
      id: nodeId('ProjectV2', p.id),
      number: p.number,
      title: p.title,
      closed: p.closed,
      url: `${this.urls.html}/${this.isOrg(p.owner) ? 'orgs' : 'users'}/${p.owner}/projects/${p.number}`,
      field: (a) => (String(a.name) === 'Title' ? title : p.status && String(a.name) === p.status.name ? status() : null),
      fields: (a) => connection('ProjectV2FieldConfiguration', [title, ...(p.status ? [status()!] : [])], a, (f) => f),
      items: (a) => connection('ProjectV2Item', p.items, a, (i) => this.item(p, i)),
    };
  }

  item(p: ProjectV2Rec, i: ProjectV2ItemRec): GqlObject {
    return {
      __typename: 'ProjectV2Item',
      __implements: ['Node'],
      id: nodeId('ProjectV2Item', i.id),
      type: i.issue.pull ? 'PULL_REQUEST' : 'ISSUE',
      isArchived: false,
      project: () => this.project(p),
      content: () => this.content(i.repo, i.issue),
      fieldValueByName: (a) => {
        const name = this.projects.statusName(p, i);
        if (!p.status || String(a.name) !== p.status.name || name === null) return null;
        return { __typename: 'ProjectV2ItemFieldSingleSelectValue', name, optionId: i.statusOptionId, field: { __typename: 'ProjectV2SingleSelectField', id: nodeId('ProjectV2SingleSelectField', p.status.id), name: p.status.name } };
      },
    };
  }
}
