import { Layout, Typography } from "antd";
import type { ReactNode } from "react";
import { LanguageSwitch } from "../../components/LanguageSwitch";

/** The frame of the public help pages: no login, no app shell. */
export function HelpLayout({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <Layout style={{ minHeight: "100vh", background: "#f5f5f5" }}>
      <Layout.Header
        style={{ background: "#fff", display: "flex", justifyContent: "space-between", alignItems: "center" }}
      >
        <Typography.Text strong data-testid="help-header">
          {title}
        </Typography.Text>
        <LanguageSwitch />
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 820, margin: "0 auto", width: "100%" }}>
        {children}
      </Layout.Content>
    </Layout>
  );
}
