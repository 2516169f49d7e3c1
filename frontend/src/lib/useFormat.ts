/** The formatters bound to the active language and the signed-in tenant's time zone and currency. */
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { meQuery } from "./auth/me";
import { currencyPlaces, formatDate, formatDateTime, formatMoney, formatPhone } from "./format";

export interface Formatters {
  locale: string;
  /** The tenant's IANA zone, undefined on public pages (then the browser's zone). */
  timeZone: string | undefined;
  currency: string;
  /** Decimal places amounts of the tenant's currency take (CNY 2, JPY 0). */
  places: number;
  dateTime: (value: string | null | undefined) => string;
  date: (value: string | null | undefined) => string;
  money: (amount: number | string, currency?: string) => string;
  phone: (e164: string | null | undefined) => string;
}

export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  // Reads the profile the app shell loaded; never fetches it (public pages have no session).
  const { data: me } = useQuery({ ...meQuery, enabled: false });
  const locale = i18n.language;
  const timeZone = me?.tenant.timezone;
  const currency = me?.tenant.currency ?? "CNY";
  return useMemo(
    () => ({
      locale,
      timeZone,
      currency,
      places: currencyPlaces(currency),
      dateTime: (value) => formatDateTime(value, locale, timeZone),
      date: (value) => formatDate(value, locale, timeZone),
      money: (amount, cur) => formatMoney(amount, locale, cur ?? currency),
      phone: (e164) => formatPhone(e164, locale),
    }),
    [locale, timeZone, currency],
  );
}
