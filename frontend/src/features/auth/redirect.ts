/** Only same-origin paths are followed after login (no open redirect via ?redirect=). */
export function safeRedirect(target: string | undefined): string {
  const fallback = "/customers";
  if (target === undefined || !/^\/(?![/\\])/.test(target) || target.startsWith("/login")) return fallback;
  return target;
}
