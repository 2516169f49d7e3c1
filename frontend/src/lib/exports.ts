/** Exports and the jobs that make them: starting one, following it, cancelling it, saving its file. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import dayjs from "dayjs";
import { api, unwrap } from "./api/client";
import { ApiError, parseProblem } from "./api/problem";
import type { BodyOf, ResponseOf } from "./api/types";
import { filenameFromDisposition, saveBlob } from "./download";
import { idempotencyKey } from "./idempotency";

export type ExportBody = BodyOf<"/api/v1/exports", "post">;
export type CustomerExportBody = Extract<ExportBody, { resource: "customers" }>;
export type OrderExportBody = Extract<ExportBody, { resource: "orders" }>;
export type CustomerExportColumn = NonNullable<CustomerExportBody["columns"]>[number];
export type OrderExportColumn = NonNullable<OrderExportBody["columns"]>[number];
export type ExportFormat = NonNullable<ExportBody["format"]>;
export type Job = ResponseOf<"/api/v1/jobs/{job_id}", "get">;
export type JobState = Job["state"];

/** What the export dialog asks; the page adds its resource and filters. */
export interface ExportChoice<C extends string> {
  format: ExportFormat;
  /** CSV only: a byte-order mark so that Excel reads the Chinese text as UTF-8. */
  excelBom: boolean;
  /** Empty = every column. */
  columns: C[];
}

/** The choice as the API's body fields (columns omitted when all are wanted). */
export function exportOptions<C extends string>(choice: ExportChoice<C>) {
  return {
    format: choice.format,
    excel_bom: choice.format === "csv" && choice.excelBom,
    ...(choice.columns.length ? { columns: choice.columns } : {}),
  };
}

/** The list pages keep calendar days in the URL; the API takes instants (start of the first day,
 * end of the last), exactly as the lists themselves ask for them. */
export function createdRange(from: string | undefined, to: string | undefined) {
  return {
    ...(from ? { created_from: dayjs(from).startOf("day").toISOString() } : {}),
    ...(to ? { created_to: dayjs(to).endOf("day").toISOString() } : {}),
  };
}

/** Drops unset filters so the job records only what was applied. */
export function compact<T extends Record<string, unknown>>(filters: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(filters).filter(([, v]) => v !== undefined && v !== ""),
  ) as Partial<T>;
}

/** How many filters the user set: a created-from/to range is one filter, not two. */
export function filterCount(filters: Record<string, unknown> | undefined): number {
  return new Set(Object.keys(filters ?? {}).map((k) => k.replace(/_(from|to)$/, ""))).size;
}

const ACTIVE: JobState[] = ["queued", "running"];
export const isActive = (job: Pick<Job, "state">) => ACTIVE.includes(job.state);

/** The export's outcome: the contract types `result` as a free-form object, so read it with care. */
export function exportResult(job: Pick<Job, "result">): { rows?: number; filename?: string } {
  const r = job.result ?? {};
  return {
    rows: typeof r.rows === "number" ? r.rows : undefined,
    filename: typeof r.filename === "string" ? r.filename : undefined,
  };
}

/** 0–100 for a progress bar; undefined while the total is not known yet. */
export function percent(job: Pick<Job, "state" | "progress">): number | undefined {
  if (job.state === "succeeded") return 100;
  const { done, total } = job.progress;
  if (!total) return undefined;
  return Math.min(100, Math.floor((done / total) * 100));
}

const JOBS = ["jobs"] as const;

export function useStartExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ExportBody) =>
      unwrap(api.POST("/api/v1/exports", { body, params: { header: idempotencyKey() } })),
    onSuccess: (job) => {
      queryClient.setQueryData([...JOBS, "detail", job.id], job);
      void queryClient.invalidateQueries({ queryKey: [...JOBS, "list"] });
    },
  });
}

/** One job, asked again every second while it is queued or running. */
export function useJob(id: string | undefined) {
  return useQuery({
    queryKey: [...JOBS, "detail", id],
    queryFn: () => unwrap(api.GET("/api/v1/jobs/{job_id}", { params: { path: { job_id: id ?? "" } } })),
    enabled: Boolean(id),
    refetchInterval: (query) => (query.state.data && isActive(query.state.data) ? 1000 : false),
  });
}

/** My jobs, newest first; asked again every second while any of them is still working. */
export function useMyJobs(cursor: string | undefined) {
  return useQuery({
    queryKey: [...JOBS, "list", cursor],
    queryFn: () => unwrap(api.GET("/api/v1/jobs", { params: { query: { cursor, limit: 20 } } })),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.items.some(isActive) ? 1000 : false),
  });
}

export function useCancelJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/v1/jobs/{job_id}/cancel", { params: { path: { job_id: id } } })),
    onSuccess: (job) => {
      queryClient.setQueryData([...JOBS, "detail", job.id], job);
      void queryClient.invalidateQueries({ queryKey: [...JOBS, "list"] });
    },
  });
}

/** Fetches the job's file with the bearer token and saves it under the server's name. */
export async function downloadJobFile(job: Pick<Job, "id" | "result">): Promise<void> {
  const { data, error, response } = await api.GET("/api/v1/jobs/{job_id}/file", {
    params: { path: { job_id: job.id } },
    parseAs: "blob",
  });
  if (!response.ok || !data) throw new ApiError(parseProblem(error, response.status));
  const name =
    filenameFromDisposition(response.headers.get("Content-Disposition")) ??
    exportResult(job).filename ??
    "export";
  saveBlob(data, name);
}
