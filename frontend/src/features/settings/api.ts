import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../lib/api/client";
import type { BodyOf, ResponseOf } from "../../lib/api/types";

export type CompanySettings = ResponseOf<"/api/v1/settings/company", "get">;
export type CompanySettingsUpdate = BodyOf<"/api/v1/settings/company", "patch">;
export type OrderSettings = ResponseOf<"/api/v1/settings/orders", "get">;
export type OrderSettingsUpdate = BodyOf<"/api/v1/settings/orders", "put">;

const COMPANY_KEY = ["settings", "company"] as const;
const ORDERS_KEY = ["settings", "orders"] as const;

export function useCompanySettings() {
  return useQuery({ queryKey: COMPANY_KEY, queryFn: () => unwrap(api.GET("/api/v1/settings/company")) });
}

/** Saving refreshes /me too: the header shows the company's name and logo. */
export function useSaveCompanySettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CompanySettingsUpdate) => unwrap(api.PATCH("/api/v1/settings/company", { body })),
    onSuccess: (data) => {
      queryClient.setQueryData(COMPANY_KEY, data);
      return queryClient.invalidateQueries({ queryKey: ["me"] });
    },
  });
}

export function useOrderSettings() {
  return useQuery({ queryKey: ORDERS_KEY, queryFn: () => unwrap(api.GET("/api/v1/settings/orders")) });
}

export function useSaveOrderSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: OrderSettingsUpdate) => unwrap(api.PUT("/api/v1/settings/orders", { body })),
    onSuccess: (data) => queryClient.setQueryData(ORDERS_KEY, data),
  });
}

export const MAX_LOGO_BYTES = 256 * 1024;
export const LOGO_TYPES = ["image/png", "image/jpeg"] as const;

/** The file's bytes as base64 (what the API takes for `logo`). */
export async function toBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
