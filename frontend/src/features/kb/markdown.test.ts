import { describe, expect, it } from "vitest";
import { parseInline, parseMarkdown, safeHref } from "./markdown";

describe("article Markdown", () => {
  it("parses headings, paragraphs, lists, quotes, code and rules", () => {
    const blocks = parseMarkdown(
      "# 退货政策\n\n七天内\n可退。\n\n- 商品完好\n- 附发票\n\n1. 申请\n2. 寄回\n\n> 注意\n\n```\n<b>x</b>\n```\n---",
    );
    expect(blocks.map((b) => b.kind)).toEqual([
      "heading",
      "paragraph",
      "list",
      "list",
      "quote",
      "code",
      "rule",
    ]);
    expect(blocks[1]).toEqual({ kind: "paragraph", children: [{ kind: "text", text: "七天内 可退。" }] });
    expect(blocks[2]).toMatchObject({
      ordered: false,
      items: [[{ text: "商品完好" }], [{ text: "附发票" }]],
    });
    expect(blocks[3]).toMatchObject({ ordered: true });
    expect(blocks[5]).toEqual({ kind: "code", text: "<b>x</b>" });
  });

  it("parses bold, italic, code and safe links", () => {
    expect(parseInline("**粗** *斜* `x` [帮助](/help/demo/1)")).toEqual([
      { kind: "strong", children: [{ kind: "text", text: "粗" }] },
      { kind: "text", text: " " },
      { kind: "em", children: [{ kind: "text", text: "斜" }] },
      { kind: "text", text: " " },
      { kind: "code", text: "x" },
      { kind: "text", text: " " },
      { kind: "link", href: "/help/demo/1", children: [{ kind: "text", text: "帮助" }] },
    ]);
  });

  it("never lets HTML or script links through", () => {
    expect(parseInline("<img src=x onerror=alert(1)>")).toEqual([
      { kind: "text", text: "<img src=x onerror=alert(1)>" },
    ]);
    expect(parseInline("[x](javascript:alert(1))")[0]).toEqual({
      kind: "strong",
      children: [{ kind: "text", text: "x" }],
    });
    expect(safeHref("javascript:alert(1)")).toBeNull();
    expect(safeHref("//evil.example.com")).toBeNull();
    expect(safeHref("data:text/html,x")).toBeNull();
    expect(safeHref("https://example.com/a")).toBe("https://example.com/a");
    expect(safeHref("mailto:help@example.com")).toBe("mailto:help@example.com");
  });
});
