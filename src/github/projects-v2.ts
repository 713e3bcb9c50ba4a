// GitHub Projects (v2) as the project plugins see them: boards, their Status columns, items, the narrow API, and
// finding a board by title. Without the GraphQL client (src/github/projects.ts), so checkconfig loads no client.

/** The single-select field whose options play the part of a classic project's columns. */
export const STATUS_FIELD = 'Status';

export interface ProjectV2Column {
  /** The option's ID (what updateProjectV2ItemFieldValue takes). */
  id: string;
  name: string;
}

export interface ProjectV2 {
  /** Node ID. */
  id: string;
  number: number;
  title: string;
  closed: boolean;
  /** The Status field and its options; null when the project has no such single-select field. */
  status: { fieldId: string; columns: ProjectV2Column[] } | null;
}

export interface ProjectV2Item {
  /** Node ID. */
  id: string;
  projectId: string;
  /** The Status column the item is in; null: none. */
  column: ProjectV2Column | null;
}

export interface ProjectsAPI {
  /**
   * The projects of the org or user `owner` (open and closed), with their Status columns: every one, or those
   * GitHub's project search finds for `query` (words of the title).
   */
  listProjectsV2(owner: string, query?: string): Promise<ProjectV2[]>;
  /** The or PR's node ID and the project items it has. */
  projectItemsOf(org: string, repo: string, number: number): Promise<{ contentId: string; items: ProjectV2Item[] }>;
  /**
   * Adds the issue or PR (by node ID) to the project; one already there keeps its item. Returns the item's ID
   * (undefined in dry-run mode, where the mutation is not sent).
   */
  addProjectV2Item(projectId: string, contentId: string): Promise<string | undefined>;
  setProjectV2ItemColumn(projectId: string, itemId: string, fieldId: string, columnId: string): Promise<void>;
  deleteProjectV2Item(projectId: string, itemId: string): Promise<void>;
}

/**
 * The open project of `owner` titled exactly `title`: looked for with GitHub's search first (one request however
 * many projects the owner has), then among all of them, since a search need not match a title word for word.
 * `all` is every project, read when the search missed.
 */
export async function findOpenProjectV2(gh: Pick<ProjectsAPI, 'listProjectsV2'>, owner: string, title: string): Promise<{ project: ProjectV2 | undefined; all?: ProjectV2[] }> {
  const matches = (p: ProjectV2): boolean => p.title === title && !p.closed;
  const found = (await gh.listProjectsV2(owner, title)).find(matches);
  if (found) return { project: found };
  const all = await gh.listProjectsV2(owner);
  return { project: all.find(matches), all };
}
