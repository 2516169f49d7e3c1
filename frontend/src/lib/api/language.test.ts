import createClient from "openapi-fetch";
import { describe, expect, it, vi } from "vitest";
import { languageMiddleware } from "./language";
import type { paths } from "./schema";

describe("languageMiddleware", () => {
  it("sends the current UI language on every call, following a switch", async () => {
    const seen: (string | null)[] = [];
    const fetch = vi.fn(async (req: Request) => {
      seen.push(req.headers.get("Accept-Language"));
      return new Response("{}", { status: 200, headers: { "Content-Type": "application/json" } });
    });
    let lang = "zh-CN";
    const client = createClient<paths>({ baseUrl: "http://test", fetch });
    client.use(languageMiddleware(() => lang));
    await client.GET("/api/v1/permissions");
    lang = "en";
    await client.POST("/api/v1/regions", { body: { name: "华东" } });
    expect(seen).toEqual(["zh-CN", "en"]);
  });
});
