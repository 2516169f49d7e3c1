/** openapi-fetch middleware: every call says which language the UI shows, so the server's
 * problem details and messages come back in it (the server answers English without the header). */
import type { Middleware } from "openapi-fetch";

export function languageMiddleware(current: () => string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set("Accept-Language", current());
      return request;
    },
  };
}
