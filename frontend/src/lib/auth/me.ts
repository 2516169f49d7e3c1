/** The signed-in principal (GET /me), shared by the shell and every feature. */
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";

export const meQuery = queryOptions({
  queryKey: ["me"],
  queryFn: () => unwrap(api.GET("/api/v1/me")),
  staleTime: 60_000,
});

export function useMe() {
  return useQuery(meQuery);
}

/** True when the signed-in user holds the permission; false while /me is loading. */
export function useCan(permission: string): boolean {
  const { data } = useMe();
  return data?.permissions.includes(permission) ?? false;
}
