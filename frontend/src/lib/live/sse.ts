/**
 * A small Server-Sent Events parser (the text/event-stream format), fed with decoded text chunks.
 * EventSource cannot send the bearer header the API needs, so the stream is read with fetch().
 */

export interface SseMessage {
  event: string;
  data: string;
  id?: string;
}

export class SseParser {
  private buffer = "";
  private event = "";
  private data: string[] = [];
  private id: string | undefined;

  /** Feeds a chunk; returns the messages completed by it (comments and empty events are dropped). */
  feed(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const out: SseMessage[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      if (!match) break;
      // A lone trailing "\r" may be the first half of "\r\n": wait for more input.
      if (match[0] === "\r" && match.index === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const message = this.line(line);
      if (message) out.push(message);
    }
    return out;
  }

  private line(line: string): SseMessage | null {
    if (line === "") {
      const message =
        this.data.length > 0 && this.data.join("") !== ""
          ? { event: this.event || "message", data: this.data.join("\n"), id: this.id }
          : null;
      this.event = "";
      this.data = [];
      return message;
    }
    if (line.startsWith(":")) return null;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") this.event = value;
    else if (field === "data") this.data.push(value);
    else if (field === "id") this.id = value;
    return null;
  }
}

/** What the API publishes for one event (see domain/integrations/stream.py). */
export interface LiveEvent {
  id: string;
  topic: string;
  aggregate_type: string;
  aggregate_id: string;
  store_id: string | null;
  number: string | null;
  status: string | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const optional = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** Checks a message's JSON at runtime; null when it is not an event. */
export function parseLiveEvent(data: string): LiveEvent | null {
  let body: unknown;
  try {
    body = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isRecord(body)) return null;
  const { id, topic, aggregate_type, aggregate_id } = body;
  if (typeof id !== "string" || typeof topic !== "string") return null;
  return {
    id,
    topic,
    aggregate_type: typeof aggregate_type === "string" ? aggregate_type : "",
    aggregate_id: typeof aggregate_id === "string" ? aggregate_id : "",
    store_id: optional(body.store_id),
    number: optional(body.number),
    status: optional(body.status),
  };
}

/** Which cached query roots an event makes stale. */
export function staleRoots(topic: string): string[] {
  const kind = topic.split(".", 1)[0];
  if (kind === "order") return ["orders", "inventory", "notifications"];
  if (kind === "transfer" || kind === "inventory" || kind === "stock") return ["inventory"];
  if (kind === "product") return ["catalog", "inventory", "products"];
  if (kind === "notification") return ["notifications"];
  if (kind === "ticket") return ["tickets", "notifications"];
  return [];
}
