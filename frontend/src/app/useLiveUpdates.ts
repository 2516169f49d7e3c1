/** One live stream per signed-in tab: each event invalidates the queries it makes stale. */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { staleRoots } from "../lib/live/sse";
import { connectLiveStream } from "../lib/live/stream";

export function useLiveUpdates(enabled: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    const timers: ReturnType<typeof setTimeout>[] = [];
    const stop = connectLiveStream((event) => {
      const roots = staleRoots(event.topic);
      for (const root of roots) void queryClient.invalidateQueries({ queryKey: [root] });
      // In-app notifications are written by another outbox consumer: look again a moment later.
      if (roots.includes("notifications")) {
        timers.push(
          setTimeout(() => void queryClient.invalidateQueries({ queryKey: ["notifications"] }), 1500),
        );
      }
    });
    return () => {
      stop();
      for (const t of timers) clearTimeout(t);
    };
  }, [enabled, queryClient]);
}
