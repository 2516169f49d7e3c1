/** Imports: uploading a file, reading its preview, starting, resuming and saving its error report. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../lib/api/client";
import { ApiError, parseProblem } from "../../lib/api/problem";
import type { BodyOf, ResponseOf } from "../../lib/api/types";
import { filenameFromDisposition, saveBlob } from "../../lib/download";

export type Import = ResponseOf<"/api/v1/imports/{import_id}", "get">;
export type ImportStart = BodyOf<"/api/v1/imports/{import_id}/start", "post">;
export type Policy = NonNullable<ImportStart["policy"]>;
export type MatchBy = NonNullable<ImportStart["match_by"]>;
export type ImportCounts = Import["counts"];
export type Resource = Import["resource"];

export const POLICIES: Policy[] = ["skip", "update", "create"];
/** What a row can be matched by, per resource (the server refuses another with a 422). */
export const MATCH_BY: Record<Resource, MatchBy[]> = {
  customers: ["phone", "email", "external_id"],
  products: ["sku", "barcode", "external_id"],
};
/** Where each resource's wizard and list live. */
export const WIZARD_PATH = { customers: "/customers/import", products: "/products/import" } as const;
export const LIST_PATH = { customers: "/customers", products: "/products" } as const;
export const ENDED: Import["status"][] = ["done", "failed", "cancelled"];

const IMPORTS = ["imports"] as const;

/** Sends the file as multipart form data. The contract types a file part as a string (its
 * name here); the serializer puts the File itself in the form. */
export function useUpload(resource: Resource) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) =>
      unwrap(
        api.POST("/api/v1/imports", {
          body: { resource, file: file.name },
          bodySerializer: (body) => {
            const form = new FormData();
            form.append("resource", body.resource);
            form.append("file", file, file.name);
            return form;
          },
        }),
      ),
    onSuccess: (created) => queryClient.setQueryData([...IMPORTS, created.id], created),
  });
}

/** One import, asked again every second while its job runs. */
export function useImport(id: string | undefined) {
  return useQuery({
    queryKey: [...IMPORTS, id],
    queryFn: () =>
      unwrap(api.GET("/api/v1/imports/{import_id}", { params: { path: { import_id: id ?? "" } } })),
    enabled: Boolean(id),
    refetchInterval: (query) => (query.state.data?.status === "running" ? 1000 : false),
  });
}

export function useStartImport(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ImportStart) =>
      unwrap(api.POST("/api/v1/imports/{import_id}/start", { params: { path: { import_id: id } }, body })),
    onSuccess: (started) => queryClient.setQueryData([...IMPORTS, id], started),
  });
}

export function useResumeImport(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/imports/{import_id}/resume", { params: { path: { import_id: id } } })),
    onSuccess: (resumed) => queryClient.setQueryData([...IMPORTS, id], resumed),
  });
}

/** Fetches the error report with the bearer token and saves it under the server's name. */
export async function downloadErrors(item: Pick<Import, "id" | "file_name">): Promise<void> {
  const { data, error, response } = await api.GET("/api/v1/imports/{import_id}/errors", {
    params: { path: { import_id: item.id } },
    parseAs: "blob",
  });
  if (!response.ok || !data) throw new ApiError(parseProblem(error, response.status));
  saveBlob(data, filenameFromDisposition(response.headers.get("Content-Disposition")) ?? "errors.csv");
}

/** The mapping the user edits: column header → field, `undefined` for "do not import". */
export type Mapping = Record<string, string | undefined>;

/** The body's mapping: only the columns that are imported. */
export function mappingBody(mapping: Mapping): Record<string, string> {
  return Object.fromEntries(
    Object.entries(mapping).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
}

/** Assigning `field` to `header` takes it away from any other column (a field is read once). */
export function assign(mapping: Mapping, header: string, field: string | undefined): Mapping {
  const next: Mapping = {};
  for (const [h, f] of Object.entries(mapping)) next[h] = field && f === field ? undefined : f;
  next[header] = field;
  return next;
}

/** 0–100 of the rows done, once the total is known. */
export function importPercent(item: Pick<Import, "status" | "checkpoint" | "total">): number | undefined {
  if (item.status === "done") return 100;
  if (!item.total) return undefined;
  return Math.min(100, Math.floor((item.checkpoint / item.total) * 100));
}
