// GitHub Projects (v2) in the fake: projects owned by an org or a user, each with a number and title and a
// single-select "Status" field whose options are the board's columns, and items linking issues and PRs (at most
// one item per issue or PR in a project, as GitHub). Read through GraphQL (graphql/projects-v2.ts) and changed by
// the mutations in graphql/mutations/projects-v2.ts; tests seed and read them through FakeGitHub.
import type { IssueRec, RepoRec } from './model.js';
import { FieldError } from './graphql/execute.js';

export interface ProjectV2OptionRec {
  /** GitHub's option IDs are short hex strings, not node IDs. */
  id: string;
  name: string;
}

export interface ProjectV2ItemRec {
  id: number;
  repo: RepoRec;
  issue: IssueRec;
  /** The Status option the item is in; null: no status (GitHub's "No Status" column). */
  statusOptionId: string | null;
}

export interface ProjectV2Rec {
  id: number;
  /** The org or user login. */
  owner: string;
  number: number;
  title: string;
  closed: boolean;
  /** The Status field; absent when the project was made without one. */
  status?: { id: number; name: string; options: ProjectV2OptionRec[] };
  items: ProjectV2ItemRec[];
}

/** The default columns of a new GitHub board. */
export const DEFAULT_STATUS_OPTIONS = ['Todo', 'In Progress', 'Done'];

export class ProjectsV2 {
  private readonly all: ProjectV2Rec[] = [];

  constructor(private readonly nextId: () => number) {}

  /** A project of `owner` numbered after its other projects; `columns: null` makes one without a Status field. */
  create(owner: string, title: string, columns: string[] | null = DEFAULT_STATUS_OPTIONS, opts: { closed?: boolean } = {}): ProjectV2Rec {
    const number = this.ownedBy(owner).reduce((n, p) => Math.max(n, p.number), 0) + 1;
    const p: ProjectV2Rec = { id: this.nextId(), owner, number, title, closed: opts.closed ?? false, items: [] };
    if (columns) p.status = { id: this.nextId(), name: 'Status', options: columns.map((name) => ({ id: this.nextId().toString(16).padStart(8, '0'), name })) };
    this.all.push(p);
    return p;
  }

  ownedBy(owner: string): ProjectV2Rec[] {
    return this.all.filter((p) => p.owner.toLowerCase() === owner.toLowerCase());
  }

  byId(id: number): ProjectV2Rec | undefined {
    return this.all.find((p) => p.id === id);
  }

  itemById(id: number): { project: ProjectV2Rec; item: ProjectV2ItemRec } | undefined {
    for (const project of this.all) {
      const item = project.items.find((i) => i.id === id);
      if (item) return { project, item };
    }
    return undefined;
  }

  /** The items of `issue` across every project. */
  itemsOf(issue: IssueRec): { project: ProjectV2Rec; item: ProjectV2ItemRec }[] {
    return this.all.flatMap((project) => project.items.filter((i) => i.issue === issue).map((item) => ({ project, item })));
  }

  /** Adds `issue` to `project`; as GitHub, an issue already there gives its existing item. */
  addItem(project: ProjectV2Rec, repo: RepoRec, issue: IssueRec): ProjectV2ItemRec {
    const existing = project.items.find((i) => i.issue === issue);
    if (existing) return existing;
    const item: ProjectV2ItemRec = { id: this.nextId(), repo, issue, statusOptionId: null };
    project.items.push(item);
    return item;
  }

  setStatus(project: ProjectV2Rec, itemId: number, optionId: string): ProjectV2ItemRec {
    const item = project.items.find((i) => i.id === itemId);
    if (!item) throw new FieldError('The item does not exist in the project.', 'NOT_FOUND');
    if (!project.status?.options.some((o) => o.id === optionId)) throw new FieldError('The single select option Id does not belong to the field', 'UNPROCESSABLE');
    item.statusOptionId = optionId;
    return item;
  }

  deleteItem(project: ProjectV2Rec, itemId: number): void {
    const at = project.items.findIndex((i) => i.id === itemId);
    if (at < 0) throw new FieldError('The item does not exist in the project.', 'NOT_FOUND');
    project.items.splice(at, 1);
  }

  /** The name of the Status option an item is in (null: no status). */
  statusName(project: ProjectV2Rec, item: ProjectV2ItemRec): string | null {
    return project.status?.options.find((o) => o.id === item.statusOptionId)?.name ?? null;
  }
}
