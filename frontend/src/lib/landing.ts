/**
 * Where a signed-in user starts: the page their work begins on, read from their permissions (not
 * their role's name: tenants make custom roles). Checked in this order:
 *
 * - may change the tenant's settings (owner, admin): the setup checklist while it has open items
 *   and was not dismissed, else the customers;
 * - may approve orders (store and regional managers): the orders list, where approvals wait;
 * - may create orders (cashiers, sales): the order capture (the till);
 * - may work tickets (support): the ticket queue;
 * - then whatever they may read: customers, orders, tickets; else their own profile.
 */
export type Landing = "/setup" | "/customers" | "/orders" | "/orders/new" | "/tickets" | "/profile";

export function landingFor(permissions: readonly string[], setupPending: boolean): Landing {
  const can = (p: string) => permissions.includes(p);
  if (can("tenant:manage")) return setupPending ? "/setup" : "/customers";
  if (can("orders:approve")) return "/orders";
  if (can("orders:create")) return "/orders/new";
  if (can("tickets:update")) return "/tickets";
  if (can("customers:read")) return "/customers";
  if (can("orders:read")) return "/orders";
  if (can("tickets:read")) return "/tickets";
  return "/profile";
}
