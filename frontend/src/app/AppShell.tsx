import {
  ApiOutlined,
  AuditOutlined,
  BookOutlined,
  CustomerServiceOutlined,
  DatabaseOutlined,
  DownOutlined,
  LogoutOutlined,
  SafetyOutlined,
  SettingOutlined,
  ShopOutlined,
  ShoppingCartOutlined,
  ShoppingOutlined,
  TeamOutlined,
  UserOutlined,
} from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Outlet, useLocation, useNavigate } from "@tanstack/react-router";
import { Button, Dropdown, Flex, Layout, Menu, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { NotificationBell } from "../features/notifications/NotificationBell";
import type { Language } from "../i18n";
import { api, logout } from "../lib/api/client";
import { useMe } from "../lib/auth/me";
import { useLiveUpdates } from "./useLiveUpdates";

interface NavItem {
  path:
    | "/customers"
    | "/orders"
    | "/products"
    | "/inventory"
    | "/kb"
    | "/tickets"
    | "/settings/service"
    | "/settings/customers"
    | "/users"
    | "/roles"
    | "/stores"
    | "/api-keys"
    | "/audit-log";
  permission: string;
  labelKey: string;
  icon: ReactNode;
}

const NAV: NavItem[] = [
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
];

export function AppShell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { pathname } = useLocation();
  const { data: me } = useMe();
  const permissions = me?.permissions ?? [];
  useLiveUpdates(Boolean(me));
  const items = NAV.filter((n) => permissions.includes(n.permission)).map((n) => ({
    key: n.path,
    icon: n.icon,
    label: t(n.labelKey),
  }));
  const selected = NAV.find((n) => pathname === n.path || pathname.startsWith(`${n.path}/`))?.path;

  const onLanguage = (locale: Language) => {
    // Best effort: the choice is already saved locally; the server copy is for e-mails and exports.
    void api
      .PATCH("/api/v1/me", { body: { locale } })
      .then(() => queryClient.invalidateQueries({ queryKey: ["me"] }));
  };

  const onLogout = async () => {
    await logout().catch(() => undefined);
    queryClient.clear();
    await navigate({ to: "/login", search: { redirect: undefined } });
  };

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light" width={208}>
        <Typography.Title level={4} style={{ padding: "16px 24px", margin: 0 }}>
          {t("app.name")}
        </Typography.Title>
        <Menu
          mode="inline"
          aria-label={t("nav.label")}
          selectedKeys={selected ? [selected] : []}
          items={items}
          onClick={({ key }) => {
            const item = NAV.find((n) => n.path === key);
            if (item) void navigate({ to: item.path });
          }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: "#fff",
            padding: "0 24px",
            display: "flex",
            alignItems: "center",
            justifyContent: "space-between",
          }}
        >
          <Typography.Text strong data-testid="tenant-name">
            {me?.tenant.name}
          </Typography.Text>
          <Flex align="center" gap={16}>
            <NotificationBell />
            <LanguageSwitch onChanged={onLanguage} />
            <Dropdown
              menu={{
                items: [
                  { key: "profile", icon: <UserOutlined />, label: t("nav.profile") },
                  { type: "divider" },
                  { key: "logout", icon: <LogoutOutlined />, label: t("nav.logout") },
                ],
                onClick: ({ key }) => {
                  if (key === "profile") void navigate({ to: "/profile" });
                  if (key === "logout") void onLogout();
                },
              }}
            >
              <Button type="text" data-testid="user-menu">
                {me?.user.name} <DownOutlined />
              </Button>
            </Dropdown>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
