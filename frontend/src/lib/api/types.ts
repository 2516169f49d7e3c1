/** Helpers to name shapes of the generated contract by path (so schema renames do not matter). */
import type { paths } from "./schema";

/** The JSON body of a response or request-body entry. */
export type Json<T> = T extends { content: { "application/json": infer B } } ? B : never;
/** The JSON body of `method path`'s success response. */
export type ResponseOf<
  P extends keyof paths,
  M extends keyof paths[P],
  S extends number = 200,
> = paths[P][M] extends { responses: infer R } ? (S extends keyof R ? Json<R[S]> : never) : never;
/** The JSON request body of `method path`. */
export type BodyOf<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: infer B;
}
  ? Json<NonNullable<B>>
  : never;
/** The query parameters of `method path`. */
export type QueryOf<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  parameters: { query?: infer Q };
}
  ? NonNullable<Q>
  : never;

export type Me = ResponseOf<"/api/v1/me", "get">;
