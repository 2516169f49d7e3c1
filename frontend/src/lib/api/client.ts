/** The one typed API client: every call goes through the generated `paths` of openapi.json. */
import createClient from "openapi-fetch";
import i18n from "../../i18n";
import { readCookie, Session } from "../auth/session";
import { languageMiddleware } from "./language";
import { authMiddleware } from "./middleware";
import { ApiError, parseProblem } from "./problem";
import type { paths } from "./schema";

export const CSRF_COOKIE = "crm_csrf";

/** Bare client for the auth endpoints: no bearer, no retry (a 401 there means "log in again"). */
const authClient = createClient<paths>({ baseUrl: "", credentials: "same-origin" });
const uiLanguage = () => i18n.language || "zh-CN";
authClient.use(languageMiddleware(uiLanguage));

function csrfHeaders(): Record<string, string> {
  const csrf = readCookie(CSRF_COOKIE);
  return csrf ? { "X-CSRF-Token": csrf } : {};
}

export const session = new Session({
  refresher: async () => {
    const { data, response } = await authClient.POST("/api/v1/auth/refresh", {
      body: {},
      headers: csrfHeaders(),
    });
    return response.ok && data ? data : null;
  },
});

let authLostHandler: () => void = () => {};

/** The router registers where to go (the login page) when the session cannot be renewed. */
export function onAuthLost(handler: () => void): void {
  authLostHandler = handler;
}

export const api = createClient<paths>({ baseUrl: "", credentials: "same-origin" });
// Before the auth middleware: the copy it keeps for a retry carries the language too.
api.use(languageMiddleware(uiLanguage));
api.use(
  authMiddleware(session, () => {
    session.clear();
    authLostHandler();
  }),
);

export async function logout(): Promise<void> {
  try {
    await authClient.POST("/api/v1/auth/logout", { body: {}, headers: csrfHeaders() });
  } finally {
    session.clear();
  }
}

export { authClient };

interface Result<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/** Returns the body of a 2xx response or throws an ApiError carrying the problem document. */
export async function unwrap<D>(call: Promise<Result<D>>): Promise<D> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(parseProblem(error, response.status));
  if (data === undefined) throw new ApiError(parseProblem("empty response", response.status));
  return data;
}

/** For 204 endpoints. */
export async function unwrapEmpty(call: Promise<Result<unknown>>): Promise<void> {
  const { error, response } = await call;
  if (!response.ok) throw new ApiError(parseProblem(error, response.status));
}

/** Like unwrap, and also hands back the response (e.g. for its ETag header). */
export async function unwrapWithResponse<D>(
  call: Promise<Result<D>>,
): Promise<{ data: D; response: Response }> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(parseProblem(error, response.status));
  if (data === undefined) throw new ApiError(parseProblem("empty response", response.status));
  return { data, response };
}
