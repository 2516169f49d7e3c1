/**
 * The reply box of a ticket: a public reply or an internal note. `ref.insertAtCursor(text)` puts
 * text at the caret (over the selection), for pickers such as knowledge-base articles, which
 * can be placed in the `tools` slot next to the send button.
 */
import { Button, Flex, Input, Segmented, Typography } from "antd";
import type { TextAreaRef } from "antd/es/input/TextArea";
import { type ReactNode, type Ref, useImperativeHandle, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { insertAt } from "./reply";

export interface ReplyBoxHandle {
  insertAtCursor: (text: string) => void;
  focus: () => void;
}

interface Props {
  onSend: (body: string, isPublic: boolean) => Promise<unknown>;
  sending: boolean;
  tools?: ReactNode;
  ref?: Ref<ReplyBoxHandle>;
}

export function ReplyBox({ onSend, sending, tools, ref }: Props) {
  const { t } = useTranslation();
  const [value, setValue] = useState("");
  const [kind, setKind] = useState<"public" | "note">("public");
  const area = useRef<TextAreaRef>(null);

  useImperativeHandle(
    ref,
    () => ({
      insertAtCursor: (text: string) => {
        const el = area.current?.resizableTextArea?.textArea;
        const start = el?.selectionStart ?? value.length;
        const end = el?.selectionEnd ?? value.length;
        const next = insertAt(value, start, end, text);
        setValue(next.value);
        requestAnimationFrame(() => {
          el?.focus();
          el?.setSelectionRange(next.caret, next.caret);
        });
      },
      focus: () => area.current?.focus(),
    }),
    [value],
  );

  const send = async () => {
    const body = value.trim();
    if (!body) return;
    await onSend(body, kind === "public");
    setValue("");
  };

  return (
    <Flex vertical gap={8} data-testid="reply-box">
      <Segmented<"public" | "note">
        value={kind}
        onChange={setKind}
        options={[
          { value: "public", label: t("tickets.reply.public") },
          { value: "note", label: t("tickets.reply.note") },
        ]}
        data-testid="reply-kind"
      />
      <Input.TextArea
        ref={area}
        rows={4}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder={
          kind === "public" ? t("tickets.reply.publicPlaceholder") : t("tickets.reply.notePlaceholder")
        }
        aria-label={t("tickets.reply.label")}
        data-testid="reply-text"
        style={kind === "note" ? { background: "#fffbe6" } : undefined}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="reply-hint">
        {kind === "public" ? t("tickets.reply.publicHint") : t("tickets.reply.noteHint")}
      </Typography.Text>
      <Flex justify="space-between" align="center">
        <div>{tools}</div>
        <Button
          type="primary"
          loading={sending}
          disabled={!value.trim()}
          onClick={() => void send()}
          data-testid="reply-send"
        >
          {kind === "public" ? t("tickets.reply.send") : t("tickets.reply.addNote")}
        </Button>
      </Flex>
    </Flex>
  );
}
