/** Reads GET /api/v1/events/stream with fetch (bearer auth) and reconnects until stopped. */
import { session } from "../api/client";
import { type LiveEvent, parseLiveEvent, SseParser } from "./sse";

const STREAM_URL = "/api/v1/events/stream";

export function connectLiveStream(onEvent: (event: LiveEvent) => void): () => void {
  const controller = new AbortController();
  const seen = new Set<string>();
  let retryMs = 3000;

  const run = async () => {
    while (!controller.signal.aborted) {
      try {
        if (!(await session.ensure()) || !session.token) throw new Error("signed out");
        const response = await fetch(STREAM_URL, {
          headers: { Authorization: `Bearer ${session.token}`, Accept: "text/event-stream" },
          credentials: "same-origin",
          signal: controller.signal,
        });
        if (response.status === 401) await session.refresh();
        if (!response.ok || !response.body) throw new Error(`stream ${response.status}`);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        const parser = new SseParser();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const message of parser.feed(value)) {
            const event = parseLiveEvent(message.data);
            // Delivery is at least once: skip ids already handled.
            if (!event || seen.has(event.id)) continue;
            seen.add(event.id);
            if (seen.size > 500) seen.clear();
            onEvent(event);
          }
        }
        retryMs = 1000;
      } catch {
        if (controller.signal.aborted) return;
        retryMs = Math.min(retryMs * 2, 30_000);
      }
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  };
  void run();
  return () => controller.abort();
}
