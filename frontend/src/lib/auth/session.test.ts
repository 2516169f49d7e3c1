import { describe, expect, it, vi } from "vitest";
import { readCookie, Session, type Tokens } from "./session";

function manualTimers() {
  const timers: { fn: () => void; ms: number }[] = [];
  return {
    timers,
    setTimer: (fn: () => void, ms: number) => {
      timers.push({ fn, ms });
      return timers.length;
    },
    clearTimer: vi.fn(),
  };
}

const pair = (token: string, expiresIn = 900): Tokens => ({ access_token: token, expires_in: expiresIn });

describe("Session", () => {
  it("keeps the token in memory and schedules a refresh a minute before expiry", () => {
    const t = manualTimers();
    const s = new Session({ refresher: async () => null, now: () => 0, ...t });
    s.setTokens(pair("a1"));
    expect(s.token).toBe("a1");
    expect(t.timers.at(-1)?.ms).toBe((900 - 60) * 1000);
  });

  it("runs one refresh for many concurrent callers", async () => {
    let calls = 0;
    let release: (v: Tokens) => void = () => {};
    const refresher = () => {
      calls += 1;
      return new Promise<Tokens>((resolve) => {
        release = resolve;
      });
    };
    const s = new Session({ refresher, ...manualTimers() });
    const all = Promise.all([s.refresh(), s.refresh(), s.refresh()]);
    release(pair("new"));
    expect(await all).toEqual([true, true, true]);
    expect(calls).toBe(1);
    expect(s.token).toBe("new");
  });

  it("clears the session when the refresh is refused or fails", async () => {
    const refused = new Session({ refresher: async () => null, ...manualTimers() });
    refused.setTokens(pair("old"));
    expect(await refused.refresh()).toBe(false);
    expect(refused.token).toBeNull();

    const broken = new Session({ refresher: () => Promise.reject(new Error("offline")), ...manualTimers() });
    broken.setTokens(pair("old"));
    expect(await broken.refresh()).toBe(false);
    expect(broken.isAuthenticated).toBe(false);
  });

  it("ensure() uses a live token and otherwise restores from the cookie", async () => {
    let now = 0;
    const refresher = vi.fn(async () => pair("restored"));
    const s = new Session({ refresher, now: () => now, ...manualTimers() });
    expect(await s.ensure()).toBe(true);
    expect(refresher).toHaveBeenCalledTimes(1);
    expect(await s.ensure()).toBe(true);
    expect(refresher).toHaveBeenCalledTimes(1);
    now = 901_000;
    expect(await s.ensure()).toBe(true);
    expect(refresher).toHaveBeenCalledTimes(2);
  });

  it("notifies subscribers on sign-in and sign-out", () => {
    const s = new Session({ refresher: async () => null, ...manualTimers() });
    const seen: (string | null)[] = [];
    s.subscribe(() => seen.push(s.token));
    s.setTokens(pair("x"));
    s.clear();
    expect(seen).toEqual(["x", null]);
  });
});

describe("readCookie", () => {
  it("finds the CSRF cookie among others", () => {
    expect(readCookie("crm_csrf", "a=1; crm_csrf=abc%3D; b=2")).toBe("abc=");
    expect(readCookie("crm_csrf", "a=1")).toBeNull();
  });
});
