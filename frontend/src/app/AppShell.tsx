import {
  ApiOutlined,
  AuditOutlined,
  BankOutlined,
  BookOutlined,
  CheckSquareOutlined,
  ControlOutlined,
  CustomerServiceOutlined,
  DatabaseOutlined,
  DownOutlined,
  ExportOutlined,
  FormOutlined,
  GiftOutlined,
  LogoutOutlined,
  MenuOutlined,
  NotificationOutlined,
  PieChartOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  SendOutlined,
  SettingOutlined,
  ShopOutlined,
  ShoppingCartOutlined,
  ShoppingOutlined,
  TeamOutlined,
  UserOutlined,
} from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Outlet, useLocation, useNavigate } from "@tanstack/react-router";
import { Button, Drawer, Dropdown, Flex, Grid, Layout, Menu, type MenuProps, Typography } from "antd";
import { type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { NotificationBell } from "../features/notifications/NotificationBell";
import type { Language } from "../i18n";
import { logout } from "../lib/api/client";
import { saveLanguage, useMe } from "../lib/auth/me";
import { useLiveUpdates } from "./useLiveUpdates";

interface NavItem {
  path:
    | "/customers"
    | "/orders"
    | "/products"
    | "/inventory"
    | "/kb"
    | "/tickets"
    | "/segments"
    | "/segments/rfm"
    | "/campaigns"
    | "/settings/marketing"
    | "/settings/service"
    | "/settings/customers"
    | "/settings/custom-fields"
    | "/setup"
    | "/settings/company"
    | "/settings/orders"
    | "/settings/loyalty"
    | "/users"
    | "/roles"
    | "/stores"
    | "/api-keys"
    | "/audit-log";
  permission: string;
  labelKey: string;
  icon: ReactNode;
}

/** A submenu: shown when the user may open at least one of its items. */
interface NavGroup {
  key: string;
  labelKey: string;
  icon: ReactNode;
  children: NavItem[];
}

const NAV: (NavItem | NavGroup)[] = [
  { path: "/setup", permission: "tenant:manage", labelKey: "nav.setup", icon: <CheckSquareOutlined /> },
  { path: "/customers", permission: "customers:read", labelKey: "nav.customers", icon: <UserOutlined /> },
  { path: "/orders", permission: "orders:read", labelKey: "nav.orders", icon: <ShoppingCartOutlined /> },
  { path: "/products", permission: "products:read", labelKey: "nav.products", icon: <ShoppingOutlined /> },
  { path: "/inventory", permission: "inventory:read", labelKey: "nav.inventory", icon: <DatabaseOutlined /> },
  { path: "/kb", permission: "kb:read", labelKey: "nav.kb", icon: <BookOutlined /> },
  {
    path: "/tickets",
    permission: "tickets:read",
    labelKey: "nav.tickets",
    icon: <CustomerServiceOutlined />,
  },
  {
    key: "marketing",
    labelKey: "nav.marketing",
    icon: <NotificationOutlined />,
    children: [
      { path: "/segments", permission: "segments:read", labelKey: "nav.segments", icon: <TeamOutlined /> },
      { path: "/segments/rfm", permission: "segments:read", labelKey: "nav.rfm", icon: <PieChartOutlined /> },
      { path: "/campaigns", permission: "campaigns:read", labelKey: "nav.campaigns", icon: <SendOutlined /> },
      {
        path: "/settings/marketing",
        permission: "campaigns:manage",
        labelKey: "nav.marketingSettings",
        icon: <ControlOutlined />,
      },
    ],
  },
  { path: "/users", permission: "users:read", labelKey: "nav.users", icon: <TeamOutlined /> },
  { path: "/roles", permission: "roles:read", labelKey: "nav.roles", icon: <SafetyOutlined /> },
  { path: "/stores", permission: "stores:read", labelKey: "nav.stores", icon: <ShopOutlined /> },
  { path: "/api-keys", permission: "api_keys:read", labelKey: "nav.apiKeys", icon: <ApiOutlined /> },
  { path: "/audit-log", permission: "audit:read", labelKey: "nav.audit", icon: <AuditOutlined /> },
  {
    path: "/settings/service",
    permission: "service:manage",
    labelKey: "nav.serviceSettings",
    icon: <SettingOutlined />,
  },
  {
    path: "/settings/customers",
    permission: "tenant:manage",
    labelKey: "nav.customerSettings",
    icon: <SettingOutlined />,
  },
  {
    path: "/settings/custom-fields",
    permission: "custom_fields:manage",
    labelKey: "nav.customFields",
    icon: <FormOutlined />,
  },
  {
    path: "/settings/company",
    permission: "tenant:manage",
    labelKey: "nav.companySettings",
    icon: <BankOutlined />,
  },
  {
    path: "/settings/orders",
    permission: "orders:read",
    labelKey: "nav.approvalRules",
    icon: <SafetyCertificateOutlined />,
  },
  {
    path: "/settings/loyalty",
    permission: "loyalty:manage",
    labelKey: "nav.loyaltySettings",
    icon: <GiftOutlined />,
  },
];

type MenuItems = NonNullable<MenuProps["items"]>;

function isGroup(n: NavItem | NavGroup): n is NavGroup {
  return "children" in n;
}

const LEAVES: NavItem[] = NAV.flatMap((n) => (isGroup(n) ? n.children : [n]));

/** The menu item of a page: the longest path it lies under (/segments/rfm, not /segments). */
function selectedPath(pathname: string): NavItem["path"] | undefined {
  return LEAVES.filter((n) => pathname === n.path || pathname.startsWith(`${n.path}/`)).sort(
    (a, b) => b.path.length - a.path.length,
  )[0]?.path;
}

export function AppShell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { pathname } = useLocation();
  const { data: me } = useMe();
  const permissions = me?.permissions ?? [];
  // "My exports" is in the user menu: the jobs are the user's own, whichever list they came from.
  const canExport = permissions.includes("customers:export") || permissions.includes("orders:export");
  useLiveUpdates(Boolean(me));
  const allowed = (n: NavItem) => permissions.includes(n.permission);
  const items = NAV.flatMap((n): MenuItems => {
    if (!isGroup(n)) return allowed(n) ? [{ key: n.path, icon: n.icon, label: t(n.labelKey) }] : [];
    const children = n.children
      .filter(allowed)
      .map((c) => ({ key: c.path, icon: c.icon, label: t(c.labelKey) }));
    return children.length ? [{ key: n.key, icon: n.icon, label: t(n.labelKey), children }] : [];
  });
  const selected = selectedPath(pathname);
  // A submenu holding the page shown is open, and stays open until the user closes it.
  const [openKeys, setOpenKeys] = useState<string[]>([]);
  const holder = NAV.find((n) => isGroup(n) && n.children.some((c) => c.path === selected));
  const holderKey = holder && isGroup(holder) ? holder.key : undefined;
  useEffect(() => {
    if (holderKey) setOpenKeys((keys) => (keys.includes(holderKey) ? keys : [...keys, holderKey]));
  }, [holderKey]);

  const onLanguage = (locale: Language) => {
    // The profile keeps the choice for the next login (and for e-mails and exports); if saving
    // fails, the language still changes here and the next login shows the saved one.
    void saveLanguage(queryClient, locale).catch(() => undefined);
  };

  const onLogout = async () => {
    await logout().catch(() => undefined);
    queryClient.clear();
    await navigate({ to: "/login", search: { redirect: undefined } });
  };

  // Below the lg breakpoint (tablets, phones) the menu is a drawer opened from a button in the
  // header, so nothing floats over the page title and the content keeps the full width.
  const wide = Grid.useBreakpoint().lg ?? true;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const menu = (
    <Menu
      mode="inline"
      aria-label={t("nav.label")}
      selectedKeys={selected ? [selected] : []}
      openKeys={openKeys}
      onOpenChange={setOpenKeys}
      items={items}
      onClick={({ key }) => {
        const item = LEAVES.find((n) => n.path === key);
        setDrawerOpen(false);
        if (item) void navigate({ to: item.path });
      }}
    />
  );
  const appName = (
    <Typography.Title level={4} style={{ padding: "16px 24px", margin: 0 }}>
      {t("app.name")}
    </Typography.Title>
  );

  return (
    <Layout style={{ minHeight: "100vh" }}>
      {wide ? (
        <Layout.Sider theme="light" width={208}>
          {appName}
          {menu}
        </Layout.Sider>
      ) : (
        <Drawer
          placement="left"
          size={240}
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          closable={false}
          styles={{ body: { padding: 0 } }}
          data-testid="nav-drawer"
        >
          {appName}
          {menu}
        </Drawer>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          style={{
            background: "#fff",
            padding: wide ? "0 24px" : "0 12px",
            display: "flex",
            alignItems: "center",
            gap: wide ? 16 : 8,
          }}
        >
          {wide ? null : (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={t("nav.open")}
              aria-expanded={drawerOpen}
              onClick={() => setDrawerOpen(true)}
              data-testid="nav-toggle"
            />
          )}
          {me?.tenant.logo_url ? (
            <img
              src={me.tenant.logo_url}
              alt=""
              data-testid="tenant-logo"
              style={{ height: 28, maxWidth: wide ? 120 : 56, objectFit: "contain", flex: "none" }}
            />
          ) : null}
          <Typography.Text
            strong
            ellipsis={{ tooltip: me?.tenant.name }}
            data-testid="tenant-name"
            style={{ flex: 1, minWidth: 0 }}
          >
            {me?.tenant.name}
          </Typography.Text>
          <Flex align="center" gap={wide ? 16 : 4} style={{ flex: "none" }}>
            <NotificationBell />
            <LanguageSwitch onChanged={onLanguage} compact={!wide} />
            <Dropdown
              menu={{
                items: [
                  { key: "profile", icon: <UserOutlined />, label: t("nav.profile") },
                  ...(canExport
                    ? [{ key: "exports", icon: <ExportOutlined />, label: t("exports.myExports") }]
                    : []),
                  { type: "divider" },
                  { key: "logout", icon: <LogoutOutlined />, label: t("nav.logout") },
                ],
                onClick: ({ key }) => {
                  if (key === "profile") void navigate({ to: "/profile" });
                  if (key === "exports") void navigate({ to: "/exports" });
                  if (key === "logout") void onLogout();
                },
              }}
            >
              <Button
                type="text"
                data-testid="user-menu"
                aria-label={me?.user.name}
                icon={wide ? undefined : <UserOutlined />}
              >
                {wide ? (
                  <>
                    {me?.user.name} <DownOutlined />
                  </>
                ) : null}
              </Button>
            </Dropdown>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ margin: wide ? 24 : 12, minWidth: 0 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
