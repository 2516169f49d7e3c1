/**
 * The access token lives only in this module's memory (never localStorage); the refresh token is an
 * httpOnly cookie the browser sends to /api/v1/auth. Refreshes are single-flight and scheduled a
 * little before expiry.
 */

export interface Tokens {
  access_token: string;
  expires_in: number;
}

/** Calls the refresh endpoint; resolves null when the server refuses (no or expired session). */
export type Refresher = () => Promise<Tokens | null>;

type Listener = () => void;

const EARLY_REFRESH_SECONDS = 60;
const MIN_DELAY_MS = 5_000;

export interface SessionOptions {
  refresher: Refresher;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class Session {
  private accessToken: string | null = null;
  private expiresAt = 0;
  private inflight: Promise<boolean> | null = null;
  private timer: unknown = null;
  private listeners = new Set<Listener>();
  private readonly refresher: Refresher;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(options: SessionOptions) {
    this.refresher = options.refresher;
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer =
      options.clearTimer ??
      ((handle) => {
        if (typeof handle === "number") clearTimeout(handle);
      });
  }

  get token(): string | null {
    return this.accessToken;
  }

  get isAuthenticated(): boolean {
    return this.accessToken !== null;
  }

  /** Accepts a token pair from login, signup or refresh and schedules the next refresh. */
  setTokens(tokens: Tokens): void {
    this.accessToken = tokens.access_token;
    this.expiresAt = this.now() + tokens.expires_in * 1000;
    this.schedule(tokens.expires_in);
    this.emit();
  }

  clear(): void {
    const had = this.accessToken !== null;
    this.accessToken = null;
    this.expiresAt = 0;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    if (had) this.emit();
  }

  isExpired(): boolean {
    return this.accessToken === null || this.now() >= this.expiresAt;
  }

  /** Refreshes once even when many callers ask at the same time; true when a new token arrived. */
  refresh(): Promise<boolean> {
    if (this.inflight) return this.inflight;
    this.inflight = this.refresher()
      .then((tokens) => {
        if (tokens) {
          this.setTokens(tokens);
          return true;
        }
        this.clear();
        return false;
      })
      .catch(() => {
        this.clear();
        return false;
      })
      .finally(() => {
        this.inflight = null;
      });
    return this.inflight;
  }

  /** Restores a session after a reload: a token in memory is enough, otherwise try the cookie. */
  async ensure(): Promise<boolean> {
    if (this.accessToken && !this.isExpired()) return true;
    return this.refresh();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private schedule(expiresIn: number): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    const delay = Math.max(MIN_DELAY_MS, (expiresIn - EARLY_REFRESH_SECONDS) * 1000);
    this.timer = this.setTimer(() => {
      this.timer = null;
      void this.refresh();
    }, delay);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** Reads a cookie the server set for the SPA (the CSRF token is deliberately not httpOnly). */
export function readCookie(
  name: string,
  cookieString: string = globalThis.document?.cookie ?? "",
): string | null {
  for (const part of cookieString.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}
