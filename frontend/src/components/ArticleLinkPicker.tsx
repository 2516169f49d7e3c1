import { LinkOutlined, SearchOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Empty, Input, List, Modal, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../lib/api/client";
import { useMe } from "../lib/auth/me";
import { articleTitle, articleUrl } from "./articleLink";
import { ProblemAlert } from "./ProblemAlert";

export interface PickedArticle {
  title: string;
  url: string;
}

/**
 * A button that opens a search over the tenant's published knowledge-base articles; choosing one
 * calls `onPick` with its title (in the reader's language) and its public URL. Used by the KB
 * editor (related links) and by ticket replies.
 */
export function ArticleLinkPicker({
  onPick,
  label,
  disabled,
}: {
  onPick: (article: PickedArticle) => void;
  label?: string;
  disabled?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const query = { status: "published" as const, q: q || undefined, limit: 20 };
  const found = useQuery({
    queryKey: ["kb", "articles", "picker", query],
    queryFn: () => unwrap(api.GET("/api/v1/kb-articles", { params: { query } })),
    enabled: open,
  });
  const tenantSlug = me?.tenant.slug ?? "";

  return (
    <>
      <Button
        icon={<LinkOutlined />}
        onClick={() => setOpen(true)}
        disabled={disabled || !tenantSlug}
        data-testid="article-picker-open"
      >
        {label ?? t("kbPicker.button")}
      </Button>
      <Modal
        open={open}
        title={t("kbPicker.title")}
        footer={null}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Input
          autoFocus
          data-testid="article-picker-search"
          aria-label={t("kbPicker.search")}
          placeholder={t("kbPicker.search")}
          prefix={<SearchOutlined />}
          allowClear
          value={text}
          onChange={(e) => setText(e.target.value)}
          style={{ marginBottom: 12 }}
        />
        <ProblemAlert error={found.error} />
        <List
          loading={found.isFetching}
          dataSource={found.data?.items ?? []}
          locale={{ emptyText: <Empty description={t("kbPicker.empty")} /> }}
          renderItem={(a) => {
            const title = articleTitle(a, i18n.language);
            return (
              <List.Item
                data-testid="article-picker-item"
                actions={[
                  <Button
                    key="pick"
                    type="link"
                    data-testid="article-picker-pick"
                    onClick={() => {
                      onPick({ title, url: articleUrl(window.location.origin, tenantSlug, a) });
                      setOpen(false);
                    }}
                  >
                    {t("kbPicker.insert")}
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={title}
                  description={
                    <>
                      <Typography.Text type="secondary">#{a.number}</Typography.Text>{" "}
                      {a.category ? <Tag>{a.category}</Tag> : null}
                    </>
                  }
                />
              </List.Item>
            );
          }}
        />
      </Modal>
    </>
  );
}
