/** The signed-in principal (GET /me), shared by the shell and every feature. */
import { type QueryClient, queryOptions, useQuery } from "@tanstack/react-query";
import i18n, { isLanguage, type Language, setLanguage } from "../../i18n";
import { api, unwrap } from "../api/client";
import type { Me } from "../api/types";

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

/**
 * The profile's language wins over the one this browser remembers: a user who chose English sees
 * English after logging in anywhere, even where the login page was shown in Chinese.
 */
export function followProfileLanguage(me: Me): void {
  const locale = me.user.locale;
  if (isLanguage(locale) && i18n.language !== locale) setLanguage(locale);
}

/**
 * Switches the language here and saves it to the profile. The cached profile changes at once, so a
 * navigation before the server answers does not switch back to the old language.
 */
export async function saveLanguage(queryClient: QueryClient, locale: Language): Promise<void> {
  setLanguage(locale);
  queryClient.setQueryData(meQuery.queryKey, (old) =>
    old ? { ...old, user: { ...old.user, locale } } : old,
  );
  await unwrap(api.PATCH("/api/v1/me", { body: { locale } }));
  await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
}
