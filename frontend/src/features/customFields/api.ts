import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../lib/api/client";
import type { paths } from "../../lib/api/schema";
import { invalidateCustomFields } from "../../lib/customFields";
import { idempotencyKey } from "../../lib/idempotency";

export type CustomFieldCreate =
  paths["/api/v1/custom-fields"]["post"]["requestBody"]["content"]["application/json"];
export type CustomFieldUpdate = NonNullable<
  paths["/api/v1/custom-fields/{field_id}"]["patch"]["requestBody"]
>["content"]["application/json"];

export function useCreateCustomField() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CustomFieldCreate) =>
      unwrap(api.POST("/api/v1/custom-fields", { body, headers: idempotencyKey() })),
    onSuccess: () => invalidateCustomFields(queryClient),
  });
}

/** A change sent with the version the page showed (If-Match): someone else's change is a 412. */
export function useUpdateCustomField() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; version: number; body: CustomFieldUpdate }) =>
      unwrap(
        api.PATCH("/api/v1/custom-fields/{field_id}", {
          params: { path: { field_id: v.id }, header: { "If-Match": `"${v.version}"` } },
          body: v.body,
        }),
      ),
    onSettled: () => invalidateCustomFields(queryClient),
  });
}

export type CustomFieldOrder =
  paths["/api/v1/custom-fields/order"]["put"]["requestBody"]["content"]["application/json"];

/** An entity's whole order in one request (a move is never two writes that can fail half-way). */
export function useReorderCustomFields() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CustomFieldOrder) => unwrap(api.PUT("/api/v1/custom-fields/order", { body })),
    onSettled: () => invalidateCustomFields(queryClient),
  });
}
