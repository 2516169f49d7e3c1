/**
 * Only same-origin paths are followed after login (no open redirect via ?redirect=). Without one,
 * "/" sends each user to the page their permissions start at (lib/landing.ts).
 */
export function safeRedirect(target: string | undefined): string {
  const fallback = "/";
  if (target === undefined || !/^\/(?![/\\])/.test(target) || target.startsWith("/login")) return fallback;
  return target;
}
