/** The setup checklist of a new tenant: which first steps are done, judged by the data that exists. */
import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "./api/client";

export const SETUP_STEPS = ["stores", "staff", "products", "customers"] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];
export type SetupStatus = Record<SetupStep, boolean>;

/** The page each step is done on. */
export const SETUP_LINKS = {
  stores: "/stores",
  staff: "/users",
  products: "/products",
  customers: "/customers",
} as const satisfies Record<SetupStep, string>;

/** A step is done once its data exists; staff counts once someone besides the owner is there. */
export function setupStatus(counts: Record<SetupStep, number>): SetupStatus {
  return {
    stores: counts.stores > 0,
    staff: counts.staff > 1,
    products: counts.products > 0,
    customers: counts.customers > 0,
  };
}

export function setupComplete(status: SetupStatus): boolean {
  return SETUP_STEPS.every((step) => status[step]);
}

export const SETUP_STATUS_KEY = ["setup", "status"] as const;

/** One page of each list, just enough to tell "none" (or, for staff, "only the owner") from "some". */
export const setupStatusQuery = queryOptions({
  queryKey: SETUP_STATUS_KEY,
  queryFn: async () => {
    const [stores, users, products, customers] = await Promise.all([
      unwrap(api.GET("/api/v1/stores", { params: { query: { limit: 1 } } })),
      unwrap(api.GET("/api/v1/users", { params: { query: { limit: 2 } } })),
      unwrap(api.GET("/api/v1/products", { params: { query: { limit: 1 } } })),
      unwrap(api.GET("/api/v1/customers", { params: { query: { limit: 1 } } })),
    ]);
    return setupStatus({
      stores: stores.items.length,
      staff: users.items.length,
      products: products.items.length,
      customers: customers.items.length,
    });
  },
  staleTime: 0,
});

const dismissedKey = (tenantId: string) => `crm.setup.dismissed.${tenantId}`;

/** Dismissing is remembered per tenant in this browser; the checklist stays reachable from the menu. */
export function setupDismissed(tenantId: string): boolean {
  try {
    return localStorage.getItem(dismissedKey(tenantId)) === "1";
  } catch {
    return false;
  }
}

export function dismissSetup(tenantId: string): void {
  localStorage.setItem(dismissedKey(tenantId), "1");
}
