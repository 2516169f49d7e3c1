import { BellOutlined } from "@ant-design/icons";
import { useNavigate } from "@tanstack/react-router";
import { Badge, Button, Empty, Flex, List, Popover, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/useFormat";
import {
  type Notification,
  useMarkAllRead,
  useMarkRead,
  useRecentNotifications,
  useUnreadNotifications,
} from "./api";

/** The header bell: unread count, the latest notifications, mark read / read all. */
export function NotificationBell() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const unread = useUnreadNotifications();
  const recent = useRecentNotifications(open);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const count = unread.data?.items.length ?? 0;

  const openItem = (n: Notification) => {
    if (!n.read_at) markRead.mutate(n.id);
    setOpen(false);
    // Links are app paths such as /orders/{id}; anything else is ignored.
    if (n.link.startsWith("/")) void navigate({ to: n.link });
  };

  const content = (
    <div style={{ width: 360 }} data-testid="notification-list">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t("notifications.title")}</Typography.Text>
        <Button
          size="small"
          type="link"
          disabled={count === 0}
          loading={markAll.isPending}
          onClick={() => markAll.mutate()}
          data-testid="notifications-read-all"
        >
          {t("notifications.readAll")}
        </Button>
      </Flex>
      {(recent.data?.items.length ?? 0) === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("notifications.empty")} />
      ) : (
        <List<Notification>
          size="small"
          dataSource={recent.data?.items ?? []}
          style={{ maxHeight: 400, overflow: "auto" }}
          renderItem={(n) => (
            <List.Item
              data-testid="notification-item"
              style={{ cursor: "pointer", opacity: n.read_at ? 0.6 : 1 }}
              onClick={() => openItem(n)}
              actions={
                n.read_at
                  ? []
                  : [
                      <Button
                        key="read"
                        size="small"
                        type="link"
                        onClick={(e) => {
                          e.stopPropagation();
                          markRead.mutate(n.id);
                        }}
                      >
                        {t("notifications.markRead")}
                      </Button>,
                    ]
              }
            >
              <List.Item.Meta
                title={n.read_at ? n.title : <Badge status="processing" text={n.title} />}
                description={
                  <>
                    <div>{n.body}</div>
                    <Typography.Text type="secondary">{fmt.dateTime(n.created_at)}</Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Popover content={content} trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight">
      <Badge count={count} size="small" overflowCount={49}>
        <Button
          type="text"
          icon={<BellOutlined />}
          aria-label={t("notifications.title")}
          data-testid="notification-bell"
          data-count={count}
        />
      </Badge>
    </Popover>
  );
}
