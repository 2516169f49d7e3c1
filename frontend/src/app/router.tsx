/** Code-based routes. Pages come from the features (loaded on demand); the auth gate and the shell live here. */
import type { QueryClient } from "@tanstack/react-query";
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  parseSearchWith,
  redirect,
  stringifySearchWith,
} from "@tanstack/react-router";
import { NotFound } from "../components/NotFound";
import { validateAuditSearch } from "../features/audit/search";
import { AcceptInvitePage } from "../features/auth/AcceptInvitePage";
import { ForgotPasswordPage } from "../features/auth/ForgotPasswordPage";
import { LoginPage } from "../features/auth/LoginPage";
import { ResetPasswordPage } from "../features/auth/ResetPasswordPage";
import { validateCampaignSearch, validateWizardSearch } from "../features/campaigns/search";
import { validateProductSearch } from "../features/catalog/search";
import { validateCustomerDetailSearch, validateCustomerSearch } from "../features/customers/search";
import { validateImportSearch } from "../features/imports/search";
import { validateInventorySearch } from "../features/inventory/search";
import { validateHelpSearch, validateKbSearch } from "../features/kb/search";
import { validateOrderSearch } from "../features/orders/search";
import { validateSegmentDetailSearch, validateSegmentSearch } from "../features/segments/search";
import { validateTicketSearch } from "../features/service/search";
import { SignupPage } from "../features/signup/SignupPage";
import { validateStoreSearch } from "../features/stores/search";
import { validateUserSearch } from "../features/users/search";
import { onAuthLost, session } from "../lib/api/client";
import { followProfileLanguage, meQuery } from "../lib/auth/me";
import { landingFor } from "../lib/landing";
import { optionalString, parsePageSearch } from "../lib/paging";
import { decodeSearchValue, encodeSearchValue } from "../lib/search-params";
import { setupComplete, setupDismissed, setupStatusQuery } from "../lib/setup";
import { AppShell } from "./AppShell";

interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "login",
  validateSearch: (search: Record<string, unknown>): { redirect?: string } => ({
    redirect: optionalString(search.redirect),
  }),
  component: LoginPage,
});

const acceptInviteRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "accept-invite",
  validateSearch: (search: Record<string, unknown>): { tenant?: string; email?: string; token?: string } => ({
    tenant: optionalString(search.tenant),
    email: optionalString(search.email),
    token: optionalString(search.token),
  }),
  component: AcceptInvitePage,
});

const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "forgot-password",
  component: ForgotPasswordPage,
});

const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "reset-password",
  validateSearch: (search: Record<string, unknown>): { token?: string } => ({
    token: optionalString(search.token),
  }),
  component: ResetPasswordPage,
});

const signupRoute = createRoute({ getParentRoute: () => rootRoute, path: "signup", component: SignupPage });

/** Everything behind login: restores the session from the refresh cookie after a reload. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "_app",
  beforeLoad: async ({ location, context }) => {
    if (!(await session.ensure())) {
      throw redirect({ to: "/login", search: { redirect: location.href } });
    }
    followProfileLanguage(await context.queryClient.ensureQueryData(meQuery));
  },
  component: AppShell,
});

/** "/" is where login and sign-up go: each user lands on the page their permissions start at. */
const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/",
  beforeLoad: async ({ context }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    let setupPending = false;
    if (me.permissions.includes("tenant:manage") && !setupDismissed(me.tenant.id)) {
      // Should the lists not answer, the user still gets in (to the customers).
      const status = await context.queryClient.fetchQuery(setupStatusQuery).catch(() => null);
      setupPending = status !== null && !setupComplete(status);
    }
    throw redirect({ to: landingFor(me.permissions, setupPending) });
  },
});
const setupRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "setup",
  component: lazyRouteComponent(() => import("../features/setup/SetupChecklistPage"), "SetupChecklistPage"),
});
const companySettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "settings/company",
  component: lazyRouteComponent(
    () => import("../features/settings/CompanySettingsPage"),
    "CompanySettingsPage",
  ),
});
const approvalRulesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "settings/orders",
  component: lazyRouteComponent(() => import("../features/settings/ApprovalRulesPage"), "ApprovalRulesPage"),
});
const loyaltySettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "settings/loyalty",
  component: lazyRouteComponent(
    () => import("../features/settings/LoyaltySettingsPage"),
    "LoyaltySettingsPage",
  ),
});

const customersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "customers",
  validateSearch: validateCustomerSearch,
  component: lazyRouteComponent(() => import("../features/customers/CustomersPage"), "CustomersPage"),
});
const customerNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "customers/new",
  component: lazyRouteComponent(
    () => import("../features/customers/CustomerCreatePage"),
    "CustomerCreatePage",
  ),
});
const customerDuplicatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "customers/duplicates",
  validateSearch: parsePageSearch,
  component: lazyRouteComponent(() => import("../features/customers/DuplicatesPage"), "DuplicatesPage"),
});
const customerMergeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "customers/merge",
  validateSearch: (search: Record<string, unknown>): { first: string; second: string } => ({
    first: optionalString(search.first) ?? "",
    second: optionalString(search.second) ?? "",
  }),
  component: lazyRouteComponent(() => import("../features/customers/MergePage"), "MergePage"),
});
const customerImportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "customers/import",
  validateSearch: validateImportSearch,
  component: lazyRouteComponent(() => import("../features/imports/ImportWizardPage"), "ImportWizardPage"),
});
const productImportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "products/import",
  validateSearch: validateImportSearch,
  component: lazyRouteComponent(
    () => import("../features/imports/ImportWizardPage"),
    "ProductImportWizardPage",
  ),
});
const customerRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "customers/$id",
  validateSearch: validateCustomerDetailSearch,
  component: lazyRouteComponent(
    () => import("../features/customers/CustomerDetailPage"),
    "CustomerDetailPage",
  ),
});
const segmentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "segments",
  validateSearch: validateSegmentSearch,
  component: lazyRouteComponent(() => import("../features/segments/SegmentsPage"), "SegmentsPage"),
});
const segmentNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "segments/new",
  component: lazyRouteComponent(() => import("../features/segments/SegmentNewPage"), "SegmentNewPage"),
});
const segmentRfmRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "segments/rfm",
  component: lazyRouteComponent(() => import("../features/segments/RfmPage"), "RfmPage"),
});
const segmentRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "segments/$segmentId",
  validateSearch: validateSegmentDetailSearch,
  component: lazyRouteComponent(() => import("../features/segments/SegmentDetailPage"), "SegmentDetailPage"),
});
const campaignsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "campaigns",
  validateSearch: validateCampaignSearch,
  component: lazyRouteComponent(() => import("../features/campaigns/CampaignsPage"), "CampaignsPage"),
});
const campaignNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "campaigns/new",
  validateSearch: validateWizardSearch,
  component: lazyRouteComponent(() => import("../features/campaigns/CampaignWizardPage"), "CampaignNewPage"),
});
const campaignRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "campaigns/$campaignId",
  component: lazyRouteComponent(
    () => import("../features/campaigns/CampaignDetailPage"),
    "CampaignDetailPage",
  ),
});
const campaignEditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "campaigns/$campaignId/edit",
  validateSearch: validateWizardSearch,
  component: lazyRouteComponent(() => import("../features/campaigns/CampaignWizardPage"), "CampaignEditPage"),
});
const marketingSettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "settings/marketing",
  component: lazyRouteComponent(
    () => import("../features/campaigns/MarketingSettingsPage"),
    "MarketingSettingsPage",
  ),
});
const usersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "users",
  validateSearch: validateUserSearch,
  component: lazyRouteComponent(() => import("../features/users/UsersPage"), "UsersPage"),
});
const rolesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "roles",
  component: lazyRouteComponent(() => import("../features/roles/RolesPage"), "RolesPage"),
});
const storesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "stores",
  validateSearch: validateStoreSearch,
  component: lazyRouteComponent(() => import("../features/stores/StoresPage"), "StoresPage"),
});
const apiKeysRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "api-keys",
  component: lazyRouteComponent(() => import("../features/api-keys/ApiKeysPage"), "ApiKeysPage"),
});
const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "audit-log",
  validateSearch: validateAuditSearch,
  component: lazyRouteComponent(() => import("../features/audit/AuditLogPage"), "AuditLogPage"),
});
const exportsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "exports",
  validateSearch: parsePageSearch,
  component: lazyRouteComponent(() => import("../features/exports/ExportsPage"), "ExportsPage"),
});
const profileRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "profile",
  component: lazyRouteComponent(() => import("../features/profile/ProfilePage"), "ProfilePage"),
});

const ordersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "orders",
  validateSearch: validateOrderSearch,
  component: lazyRouteComponent(() => import("../features/orders/OrdersPage"), "OrdersPage"),
});
const orderNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "orders/new",
  component: lazyRouteComponent(() => import("../features/orders/OrderCapturePage"), "OrderCapturePage"),
});
const orderRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "orders/$id",
  component: lazyRouteComponent(() => import("../features/orders/OrderDetailPage"), "OrderDetailPage"),
});
const orderReceiptRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "orders/$id/receipt",
  component: lazyRouteComponent(() => import("../features/orders/ReceiptPage"), "ReceiptPage"),
});
const productsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "products",
  validateSearch: validateProductSearch,
  component: lazyRouteComponent(() => import("../features/catalog/ProductsPage"), "ProductsPage"),
});
const inventoryRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "inventory",
  validateSearch: validateInventorySearch,
  component: lazyRouteComponent(() => import("../features/inventory/InventoryPage"), "InventoryPage"),
});

const kbRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "kb",
  validateSearch: validateKbSearch,
  component: lazyRouteComponent(() => import("../features/kb/KbArticlesPage"), "KbArticlesPage"),
});
const kbNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "kb/new",
  component: lazyRouteComponent(() => import("../features/kb/KbArticleEditorPage"), "KbArticleEditorPage"),
});
const kbArticleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "kb/$id",
  component: lazyRouteComponent(() => import("../features/kb/KbArticleEditorPage"), "KbArticleEditorPage"),
});

/** The public help pages of a tenant: no login, outside the app shell. */
const helpRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "help/$tenant",
  validateSearch: validateHelpSearch,
  component: lazyRouteComponent(() => import("../features/kb/HelpIndexPage"), "HelpIndexPage"),
});
const helpArticleRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "help/$tenant/$article",
  component: lazyRouteComponent(() => import("../features/kb/HelpArticlePage"), "HelpArticlePage"),
});
const ticketsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "tickets",
  validateSearch: validateTicketSearch,
  component: lazyRouteComponent(() => import("../features/service/TicketsPage"), "TicketsPage"),
});
const ticketRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "tickets/$id",
  component: lazyRouteComponent(() => import("../features/service/TicketDetailPage"), "TicketDetailPage"),
});
const serviceSettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "settings/service",
  component: lazyRouteComponent(
    () => import("../features/service/ServiceSettingsPage"),
    "ServiceSettingsPage",
  ),
});

const customFieldsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "settings/custom-fields",
  component: lazyRouteComponent(
    () => import("../features/customFields/CustomFieldsPage"),
    "CustomFieldsPage",
  ),
});

const customerSettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "settings/customers",
  component: lazyRouteComponent(
    () => import("../features/customers/CustomerSettingsPage"),
    "CustomerSettingsPage",
  ),
});

/** Public satisfaction survey: no login, outside the app shell. */
const csatRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "csat/$token",
  component: lazyRouteComponent(() => import("../features/service/CsatSurveyPage"), "CsatSurveyPage"),
});

/** Public unsubscribe page a campaign message links to: no login, outside the app shell. */
const unsubscribeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "unsubscribe/$token",
  component: lazyRouteComponent(() => import("../features/campaigns/UnsubscribePage"), "UnsubscribePage"),
});

/** Public order tracking: no login, outside the app shell. */
const trackRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "track/$token",
  component: lazyRouteComponent(() => import("../features/orders/TrackingPage"), "TrackingPage"),
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  signupRoute,
  acceptInviteRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  trackRoute,
  helpRoute,
  helpArticleRoute,
  csatRoute,
  unsubscribeRoute,
  appRoute.addChildren([
    indexRoute,
    setupRoute,
    companySettingsRoute,
    approvalRulesRoute,
    loyaltySettingsRoute,
    customersRoute,
    customerNewRoute,
    customerDuplicatesRoute,
    customerMergeRoute,
    customerImportRoute,
    customerRoute,
    segmentsRoute,
    segmentNewRoute,
    segmentRfmRoute,
    segmentRoute,
    campaignsRoute,
    campaignNewRoute,
    campaignRoute,
    campaignEditRoute,
    marketingSettingsRoute,
    ordersRoute,
    orderNewRoute,
    orderRoute,
    orderReceiptRoute,
    productsRoute,
    productImportRoute,
    inventoryRoute,
    kbRoute,
    kbNewRoute,
    kbArticleRoute,
    ticketsRoute,
    ticketRoute,
    serviceSettingsRoute,
    customerSettingsRoute,
    customFieldsRoute,
    usersRoute,
    rolesRoute,
    storesRoute,
    apiKeysRoute,
    auditRoute,
    profileRoute,
    exportsRoute,
  ]),
]);

export function buildRouter(queryClient: QueryClient) {
  const router = createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: "intent",
    defaultNotFoundComponent: NotFound,
    parseSearch: parseSearchWith(decodeSearchValue),
    stringifySearch: stringifySearchWith(encodeSearchValue, decodeSearchValue),
  });
  onAuthLost(() => {
    queryClient.clear();
    const here = router.state.location.href;
    if (!here.startsWith("/login")) void router.navigate({ to: "/login", search: { redirect: here } });
  });
  return router;
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof buildRouter>;
  }
}
