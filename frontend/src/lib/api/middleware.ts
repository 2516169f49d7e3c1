/** openapi-fetch middleware: bearer token on every call, one refresh + retry on a 401. */
import type { Middleware } from "openapi-fetch";

export interface AuthSession {
  readonly token: string | null;
  refresh(): Promise<boolean>;
}

const AUTH_PATHS = ["/api/v1/auth/", "/api/v1/signup"];

export function isAuthEndpoint(url: string): boolean {
  const path = new URL(url, "http://localhost").pathname;
  return AUTH_PATHS.some((p) => path.startsWith(p));
}

export function authMiddleware(session: AuthSession, onAuthLost: () => void): Middleware {
  // Bodies are streams: keep a copy of each request so it can be sent a second time.
  const pending = new Map<string, Request>();
  return {
    onRequest({ request, id }) {
      const token = session.token;
      if (token) request.headers.set("Authorization", `Bearer ${token}`);
      if (!isAuthEndpoint(request.url)) pending.set(id, request.clone());
      return request;
    },
    async onResponse({ response, id, options }) {
      const copy = pending.get(id);
      pending.delete(id);
      if (response.status !== 401 || !copy) return response;
      const refreshed = await session.refresh();
      if (!refreshed) {
        onAuthLost();
        return response;
      }
      const token = session.token;
      if (token) copy.headers.set("Authorization", `Bearer ${token}`);
      const retried = await options.fetch(copy);
      if (retried.status === 401) onAuthLost();
      return retried;
    },
    onError({ id }) {
      pending.delete(id);
    },
  };
}
