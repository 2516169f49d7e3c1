import { describe, expect, it } from "vitest";
import { landingFor } from "./landing";
import { setupComplete, setupStatus } from "./setup";

// The default roles' permissions as the server creates them (tenants/permissions.py), trimmed to
// what decides the landing page, plus custom roles named nothing like a default one.
const CUSTOMER_WORK = ["customers:read", "customers:create", "customers:update"];
const ORDER_DESK = ["orders:read", "orders:create", "orders:fulfil", "payments:record"];
const ORDER_MANAGEMENT = [...ORDER_DESK, "orders:update", "orders:approve", "orders:cancel"];
const SERVICE_WORK = ["tickets:read", "tickets:create", "tickets:update", "tickets:assign"];
const ROLES: Record<string, string[]> = {
  owner: ["tenant:manage", ...CUSTOMER_WORK, ...ORDER_MANAGEMENT, ...SERVICE_WORK],
  store_manager: ["stores:read", ...CUSTOMER_WORK, ...ORDER_MANAGEMENT, ...SERVICE_WORK],
  sales: ["stores:read", "tickets:read", "tickets:create", ...CUSTOMER_WORK, ...ORDER_DESK],
  support: ["customers:read", "customers:update", "orders:read", "orders:return", ...SERVICE_WORK],
  marketing: ["customers:read", "orders:read"],
  analyst: ["customers:read", "orders:read", "tickets:read", "audit:read"],
};

describe("landingFor", () => {
  it("sends each default role to its page", () => {
    const pages = Object.fromEntries(Object.entries(ROLES).map(([role, p]) => [role, landingFor(p, false)]));
    expect(pages).toEqual({
      owner: "/customers",
      store_manager: "/orders",
      sales: "/orders/new",
      support: "/tickets",
      marketing: "/customers",
      analyst: "/customers",
    });
  });

  it("sends owners and admins to the checklist while setup is pending", () => {
    expect(landingFor(ROLES.owner ?? [], true)).toBe("/setup");
    // The checklist is for those who can act on it: a cashier never sees it.
    expect(landingFor(ROLES.sales ?? [], true)).toBe("/orders/new");
  });

  it("reads permissions, not role names", () => {
    expect(landingFor(["orders:read", "orders:create"], false)).toBe("/orders/new");
    expect(landingFor(["tickets:read", "tickets:update"], false)).toBe("/tickets");
    expect(landingFor(["orders:read"], false)).toBe("/orders");
    expect(landingFor(["tickets:read"], false)).toBe("/tickets");
    expect(landingFor(["kb:read"], false)).toBe("/profile");
    expect(landingFor([], false)).toBe("/profile");
  });
});

describe("setup checklist", () => {
  it("counts a step done once its data exists, staff once someone joins the owner", () => {
    expect(setupStatus({ stores: 0, staff: 1, products: 0, customers: 0 })).toEqual({
      stores: false,
      staff: false,
      products: false,
      customers: false,
    });
    const done = setupStatus({ stores: 1, staff: 2, products: 1, customers: 1 });
    expect(done).toEqual({ stores: true, staff: true, products: true, customers: true });
    expect(setupComplete(done)).toBe(true);
    expect(setupComplete({ ...done, staff: false })).toBe(false);
  });
});
