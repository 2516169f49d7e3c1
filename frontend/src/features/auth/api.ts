import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, session, unwrap, unwrapEmpty } from "../../lib/api/client";
import type { paths } from "../../lib/api/schema";

export type LoginBody = paths["/api/v1/auth/login"]["post"]["requestBody"]["content"]["application/json"];

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => unwrap(api.POST("/api/v1/auth/login", { body })),
    onSuccess: (tokens) => {
      // The refresh_token in the body is ignored on purpose: the httpOnly cookie carries it.
      session.setTokens(tokens);
      queryClient.removeQueries();
    },
  });
}

export type AcceptInviteBody =
  paths["/api/v1/auth/accept-invite"]["post"]["requestBody"]["content"]["application/json"];

export function useAcceptInvite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AcceptInviteBody) => unwrap(api.POST("/api/v1/auth/accept-invite", { body })),
    onSuccess: (tokens) => {
      session.setTokens(tokens);
      queryClient.removeQueries();
    },
  });
}

export type PasswordResetBody =
  paths["/api/v1/auth/password-reset"]["post"]["requestBody"]["content"]["application/json"];

/** Ask for a reset link: the answer is the same whether or not the account exists. */
export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (body: PasswordResetBody) => unwrap(api.POST("/api/v1/auth/password-reset", { body })),
  });
}

export type PasswordResetConfirmBody =
  paths["/api/v1/auth/password-reset/confirm"]["post"]["requestBody"]["content"]["application/json"];

export function useConfirmPasswordReset() {
  return useMutation({
    mutationFn: (body: PasswordResetConfirmBody) =>
      unwrapEmpty(api.POST("/api/v1/auth/password-reset/confirm", { body })),
  });
}
