import { describe, expect, it } from "vitest";
import { parseLiveEvent, SseParser, staleRoots } from "./sse";

describe("SseParser", () => {
  it("parses events split across chunks and drops comments and empty data", () => {
    const p = new SseParser();
    expect(p.feed(": subscribed\ndata: \nretry: 3000\n\n")).toEqual([]);
    expect(p.feed("id: 1\nevent: order.created\nda")).toEqual([]);
    expect(p.feed('ta: {"a":1}\n\n: heartbeat\n\n')).toEqual([
      { event: "order.created", data: '{"a":1}', id: "1" },
    ]);
  });

  it("joins multi-line data and handles CRLF", () => {
    const p = new SseParser();
    expect(p.feed("data: a\r\ndata: b\r")).toEqual([]);
    expect(p.feed("\n\r\n")).toEqual([{ event: "message", data: "a\nb", id: undefined }]);
  });
});

describe("parseLiveEvent", () => {
  it("accepts the API's event and rejects anything else", () => {
    const e = parseLiveEvent(
      '{"id":"e1","topic":"order.approved","aggregate_type":"order","aggregate_id":"o1","store_id":null,"number":"SO-1","status":"approved"}',
    );
    expect(e).toMatchObject({ id: "e1", topic: "order.approved", number: "SO-1", store_id: null });
    expect(parseLiveEvent("not json")).toBeNull();
    expect(parseLiveEvent('{"topic":1}')).toBeNull();
  });

  it("maps topics to the query roots they make stale", () => {
    expect(staleRoots("order.shipped")).toContain("orders");
    expect(staleRoots("transfer.received")).toEqual(["inventory"]);
    expect(staleRoots("ticket.sla_breached")).toEqual(["tickets", "notifications"]);
    expect(staleRoots("weird")).toEqual([]);
  });
});
