import createClient from "openapi-fetch";
import { describe, expect, it, vi } from "vitest";
import { type AuthSession, authMiddleware, isAuthEndpoint } from "./middleware";
import type { paths } from "./schema";

function fakeSession(
  initial: string | null,
  refreshed: string | null,
): AuthSession & { refresh: ReturnType<typeof vi.fn> } {
  let token = initial;
  return {
    get token() {
      return token;
    },
    refresh: vi.fn(async () => {
      token = refreshed;
      return refreshed !== null;
    }),
  };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

function setup(session: AuthSession, respond: (req: Request) => Response) {
  const seen: { url: string; auth: string | null; body: string }[] = [];
  const fetch = vi.fn(async (req: Request) => {
    seen.push({ url: req.url, auth: req.headers.get("Authorization"), body: await req.clone().text() });
    return respond(req);
  });
  const lost = vi.fn();
  const client = createClient<paths>({ baseUrl: "http://test", fetch });
  client.use(authMiddleware(session, lost));
  return { client, seen, lost };
}

describe("authMiddleware", () => {
  it("sends the bearer token", async () => {
    const { client, seen } = setup(fakeSession("tok", null), () => json(200, { items: [] }));
    await client.GET("/api/v1/permissions");
    expect(seen[0]?.auth).toBe("Bearer tok");
  });

  it("refreshes once on a 401 and retries the request (with its body) with the new token", async () => {
    const session = fakeSession("old", "new");
    const { client, seen, lost } = setup(session, (req) =>
      req.headers.get("Authorization") === "Bearer new"
        ? json(201, { id: "r1" })
        : json(401, { status: 401 }),
    );
    const { data, response } = await client.POST("/api/v1/regions", { body: { name: "华东" } });
    expect(response.status).toBe(201);
    expect(data).toEqual({ id: "r1" });
    expect(session.refresh).toHaveBeenCalledTimes(1);
    expect(seen.map((s) => s.auth)).toEqual(["Bearer old", "Bearer new"]);
    expect(seen[1]?.body).toBe(JSON.stringify({ name: "华东" }));
    expect(lost).not.toHaveBeenCalled();
  });

  it("gives up and reports the lost session when the refresh fails", async () => {
    const session = fakeSession("old", null);
    const { client, seen, lost } = setup(session, () => json(401, { status: 401 }));
    const { response } = await client.GET("/api/v1/me");
    expect(response.status).toBe(401);
    expect(seen).toHaveLength(1);
    expect(lost).toHaveBeenCalledTimes(1);
  });

  it("retries only once: a second 401 ends the session", async () => {
    const session = fakeSession("old", "new");
    const { client, seen, lost } = setup(session, () => json(401, { status: 401 }));
    await client.GET("/api/v1/me");
    expect(seen).toHaveLength(2);
    expect(session.refresh).toHaveBeenCalledTimes(1);
    expect(lost).toHaveBeenCalledTimes(1);
  });

  it("never refreshes for the auth endpoints themselves", async () => {
    const session = fakeSession(null, "new");
    const { client } = setup(session, () => json(401, { status: 401, code: "invalid_credentials" }));
    const { response } = await client.POST("/api/v1/auth/login", {
      body: { tenant_slug: "acme", email: "a@b.cn", password: "x" },
    });
    expect(response.status).toBe(401);
    expect(session.refresh).not.toHaveBeenCalled();
    expect(isAuthEndpoint("http://x/api/v1/auth/refresh")).toBe(true);
    expect(isAuthEndpoint("http://x/api/v1/customers")).toBe(false);
  });
});
