/** Beside the builder: how many customers the rules select right now and the newest 20 of them
 * (phones masked by the server), or why there is nothing to count yet. */
import { Link } from "@tanstack/react-router";
import { Alert, Card, Flex, Spin, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useFormat } from "../../lib/useFormat";
import type { Preview } from "./api";

type Sample = Preview["sample"][number];

export type PreviewState =
  | { kind: "static" }
  | { kind: "incomplete" }
  | { kind: "invalid" }
  | { kind: "failed"; error: unknown }
  | { kind: "counted"; preview: Preview | undefined; fetching: boolean };

const STAGE_COLORS: Record<string, string> = {
  lead: "default",
  prospect: "gold",
  customer: "blue",
  vip: "magenta",
  churned: "red",
};

function SampleTable({ sample }: { sample: Sample[] }) {
  const { t } = useTranslation();
  return (
    <Table<Sample>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={sample}
      onRow={() => ({ "data-testid": "segment-preview-row" }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          key: "name",
          title: t("customers.fields.name"),
          render: (_, s) => (
            <Link to="/customers/$id" params={{ id: s.id }}>
              {s.name}
            </Link>
          ),
        },
        { key: "phone", title: t("customers.fields.phone"), render: (_, s) => s.phone ?? "—" },
        {
          key: "stage",
          title: t("customers.fields.stage"),
          render: (_, s) => (
            <Tag color={STAGE_COLORS[s.lifecycle_stage]}>{t(`customers.stage.${s.lifecycle_stage}`)}</Tag>
          ),
        },
      ]}
    />
  );
}

export function PreviewPanel({ state }: { state: PreviewState }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  let body: React.ReactNode;
  if (state.kind === "static")
    body = <Typography.Text type="secondary">{t("segments.preview.staticHint")}</Typography.Text>;
  else if (state.kind === "incomplete")
    body = (
      <Typography.Text type="secondary" data-testid="segment-preview-incomplete">
        {t("segments.preview.incomplete")}
      </Typography.Text>
    );
  else if (state.kind === "invalid")
    body = (
      <Alert
        type="warning"
        showIcon
        title={t("segments.preview.invalid")}
        data-testid="segment-preview-invalid"
      />
    );
  else if (state.kind === "failed") body = <ProblemAlert error={state.error} />;
  else {
    const { preview, fetching } = state;
    body = (
      <Flex vertical gap={12}>
        <Flex align="center" gap={8}>
          <Typography.Title
            level={4}
            style={{ margin: 0 }}
            data-testid="segment-preview-count"
            data-count={preview && !fetching ? preview.count : undefined}
          >
            {preview ? t("segments.preview.count", { count: preview.count }) : t("segments.preview.counting")}
          </Typography.Title>
          {fetching ? <Spin size="small" /> : null}
        </Flex>
        {preview ? (
          <>
            <Typography.Text type="secondary">
              {t("segments.preview.computedAt", { time: fmt.dateTime(preview.computed_at) })} ·{" "}
              {t("segments.preview.scopeHint")}
            </Typography.Text>
            {preview.sample.length > 0 ? (
              <>
                <Typography.Text strong>
                  {t("segments.preview.sample", { count: preview.sample.length })}
                </Typography.Text>
                <SampleTable sample={preview.sample} />
              </>
            ) : null}
          </>
        ) : null}
      </Flex>
    );
  }
  return (
    <Card title={t("segments.preview.title")} size="small" data-testid="segment-preview">
      {body}
    </Card>
  );
}
