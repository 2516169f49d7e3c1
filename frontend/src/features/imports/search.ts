/** The import wizard's URL state: the import being worked on (none: the upload step). */
import { optionalString } from "../../lib/paging";

export interface ImportSearch {
  id?: string;
}

export function validateImportSearch(search: Record<string, unknown>): ImportSearch {
  const id = optionalString(search.id);
  return id ? { id } : {};
}
