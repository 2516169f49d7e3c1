import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { type ReactNode, useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../lib/api/problem";
import { useReducedMotion } from "../lib/useReducedMotion";

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache(),
    mutationCache: new MutationCache(),
    defaultOptions: {
      queries: {
        // A 4xx will not get better by asking again.
        retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
}

export function Providers({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  const { i18n } = useTranslation();
  const isEn = i18n.language === "en";
  // Dialogs and dropdowns appear at once, without zooming or sliding, for users who asked for less motion.
  const motion = !useReducedMotion();
  useEffect(() => {
    dayjs.locale(isEn ? "en" : "zh-cn");
    document.documentElement.lang = i18n.language;
  }, [isEn, i18n.language]);
  // What the server wrote in the old language (timelines, messages) is fetched again in the new one.
  const shownIn = useRef(i18n.language);
  useEffect(() => {
    if (shownIn.current === i18n.language) return;
    shownIn.current = i18n.language;
    void queryClient.invalidateQueries();
  }, [i18n.language, queryClient]);
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider locale={isEn ? enUS : zhCN} theme={{ token: { colorPrimary: "#1677ff", motion } }}>
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
