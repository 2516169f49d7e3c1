import { Card, Flex, Typography } from "antd";
import type { ReactNode } from "react";
import { LanguageSwitch } from "./LanguageSwitch";

/** The centred card of the signed-out pages (log in, sign up, accept invitation). */
export function AuthCard({
  title,
  width = 400,
  children,
}: {
  title: string;
  width?: number;
  children: ReactNode;
}) {
  return (
    <Flex justify="center" align="center" style={{ minHeight: "100vh", background: "#f5f5f5" }}>
      <Card style={{ width }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          <LanguageSwitch />
        </Flex>
        {children}
      </Card>
    </Flex>
  );
}
