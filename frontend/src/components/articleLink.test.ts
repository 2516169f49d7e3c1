import { describe, expect, it } from "vitest";
import { articleTitle, articleUrl, markdownLink } from "./articleLink";

const article = { title_zh: "退货政策", title_en: "Returns", public_ref: "returns" };

describe("article links", () => {
  it("builds the public URL from the tenant slug and the article's public ref", () => {
    expect(articleUrl("https://crm.example.com", "demo", article)).toBe(
      "https://crm.example.com/help/demo/returns",
    );
    expect(articleUrl("http://x", "demo", { ...article, public_ref: "12" })).toBe("http://x/help/demo/12");
  });

  it("picks the title in the reader's language with a fallback", () => {
    expect(articleTitle(article, "zh-CN")).toBe("退货政策");
    expect(articleTitle(article, "en")).toBe("Returns");
    expect(articleTitle({ ...article, title_en: "" }, "en")).toBe("退货政策");
    expect(articleTitle({ ...article, title_zh: "" }, "zh-CN")).toBe("Returns");
  });

  it("writes a Markdown link without brackets breaking it", () => {
    expect(markdownLink({ title: "退货 [新]", url: "http://x/help/demo/1" })).toBe(
      "[退货 新](http://x/help/demo/1)",
    );
  });
});
