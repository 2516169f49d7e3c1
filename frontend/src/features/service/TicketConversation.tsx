import { Card, Empty, List, Space, Tag, Typography } from "antd";
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { ActorName } from "../../components/ActorName";
import { ArticleLinkPicker } from "../../components/ArticleLinkPicker";
import { useCan } from "../../lib/auth/me";
import { useFormat } from "../../lib/useFormat";
import { type Ticket, type useAddComment, useComments } from "./api";
import { ReplyBox, type ReplyBoxHandle } from "./ReplyBox";

/**
 * The ticket's public replies and internal notes, and the reply box (with KB links) while open.
 * `addComment` is the page's mutation, so a failed send shows with the page's other errors.
 */
export function TicketConversation({
  ticket: x,
  addComment,
}: {
  ticket: Ticket;
  addComment: ReturnType<typeof useAddComment>;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const comments = useComments(x.id);
  const canReply = useCan("tickets:update");
  const canReadKb = useCan("kb:read");
  const reply = useRef<ReplyBoxHandle>(null);
  return (
    <Card size="small" title={t("tickets.conversation")} style={{ marginBottom: 16 }}>
      {(comments.data ?? []).length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("tickets.noComments")} />
      ) : (
        <List
          dataSource={comments.data ?? []}
          data-testid="ticket-comments"
          renderItem={(c) => (
            <List.Item
              key={c.id}
              data-testid="ticket-comment"
              data-public={String(c.public)}
              style={c.public ? undefined : { background: "#fffbe6", paddingInline: 8 }}
            >
              <List.Item.Meta
                title={
                  <Space>
                    <Typography.Text strong>
                      <ActorName name={c.author_name} label={c.author_label} />
                    </Typography.Text>
                    <Tag color={c.public ? "blue" : "gold"}>
                      {c.public ? t("tickets.reply.public") : t("tickets.reply.note")}
                    </Tag>
                    <Typography.Text type="secondary">{fmt.dateTime(c.created_at)}</Typography.Text>
                  </Space>
                }
                description={
                  <Typography.Paragraph style={{ whiteSpace: "pre-wrap" }}>{c.body}</Typography.Paragraph>
                }
              />
            </List.Item>
          )}
        />
      )}
      {canReply && x.status !== "closed" ? (
        <ReplyBox
          ref={reply}
          sending={addComment.isPending}
          onSend={(body, isPublic) => addComment.mutateAsync({ body, public: isPublic })}
          tools={
            canReadKb ? (
              <ArticleLinkPicker
                onPick={(article) => reply.current?.insertAtCursor(`${article.title}: ${article.url}`)}
              />
            ) : null
          }
        />
      ) : null}
    </Card>
  );
}
