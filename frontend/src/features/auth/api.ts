import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, session, unwrap } from "../../lib/api/client";
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
