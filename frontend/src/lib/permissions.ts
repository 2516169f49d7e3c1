/** How a permission code (`orders:approve`) reads to people: a label and a description per language, grouped by area. */
import type { TFunction } from "i18next";
import i18n from "../i18n";

/** `orders:approve` → `permissions.codes.orders.approve` (i18next reads ":" as a namespace separator). */
function codeKey(code: string): string {
  const [resource = "", action = ""] = code.split(":", 2);
  return `permissions.codes.${resource}.${action}`;
}

export function hasPermissionLabel(code: string): boolean {
  return i18n.exists(`${codeKey(code)}.label`);
}

/** The permission's name; the code itself only for a permission this SPA does not know yet. */
export function permissionLabel(t: TFunction, code: string): string {
  return hasPermissionLabel(code) ? t(`${codeKey(code)}.label`) : code;
}

export function permissionDescription(t: TFunction, code: string, fallback = ""): string {
  const key = `${codeKey(code)}.description`;
  return i18n.exists(key) ? t(key) : fallback;
}

/** The area a resource belongs to (`orders` → "Orders"). */
export function permissionGroupLabel(t: TFunction, resource: string): string {
  const key = `permissions.groups.${resource}`;
  return i18n.exists(key) ? t(key) : resource;
}

/** Keeps the catalogue's order: groups appear where their first permission does. */
export function groupPermissions<P extends { key: string; resource: string }>(
  permissions: P[],
): [string, P[]][] {
  const groups = new Map<string, P[]>();
  for (const p of permissions) groups.set(p.resource, [...(groups.get(p.resource) ?? []), p]);
  return [...groups];
}
