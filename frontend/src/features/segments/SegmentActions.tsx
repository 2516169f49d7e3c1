/** What a segment manager can do on a segment's page: edit it, compute a dynamic one's members
 * again, freeze them into a new static segment (named first), or delete it (confirmed first). */
import { CameraOutlined, DeleteOutlined, EditOutlined, ReloadOutlined } from "@ant-design/icons";
import { useNavigate } from "@tanstack/react-router";
import { App, Button, Form, Input, Modal, Popconfirm, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemAlert, useProblemMessage } from "../../components/ProblemAlert";
import { toProblem } from "../../lib/api/problem";
import { useOnOpen, useServerErrors } from "../../lib/forms";
import { type Segment, useDeleteSegment, useRebuildSegment, useSnapshotSegment } from "./api";

function SnapshotModal({ segment, open, onClose }: { segment: Segment; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ name: string }>();
  const snapshot = useSnapshotSegment();
  const server = useServerErrors(form, ["name"]);
  const problemMessage = useProblemMessage();
  useOnOpen(open, () => {
    server.reset();
    form.setFieldsValue({
      name: t("segments.detail.snapshotName", { name: segment.name, date: dayjs().format("YYYY-MM-DD") }),
    });
  });
  const submit = ({ name }: { name: string }) =>
    snapshot.mutate(
      { id: segment.id, name },
      {
        onSuccess: (copy) => {
          void message.success(t("segments.detail.snapshotDone"));
          onClose();
          void navigate({ to: "/segments/$segmentId", params: { segmentId: copy.id } });
        },
        onError: (err) => {
          const problem = toProblem(err);
          if (problem.code === "segment_name_taken")
            form.setFields([{ name: "name", errors: [problemMessage(problem)] }]);
          else server.handle(err);
        },
      },
    );
  return (
    <Modal
      open={open}
      title={t("segments.detail.snapshot")}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={snapshot.isPending}
      okButtonProps={{ "data-testid": "segment-snapshot-save" }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t("segments.detail.snapshotHelp")}</Typography.Paragraph>
      <ProblemAlert error={server.error} />
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="name"
          label={t("segments.fields.name")}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={120} data-testid="segment-snapshot-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function SegmentActions({
  segment,
  etag,
  onEdit,
}: {
  segment: Segment;
  etag: string;
  onEdit: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const problemMessage = useProblemMessage();
  const rebuild = useRebuildSegment();
  const remove = useDeleteSegment();
  const [snapshotOpen, setSnapshotOpen] = useState(false);
  const fail = (e: unknown) => void message.error(problemMessage(toProblem(e)));
  const dynamic = segment.kind === "dynamic";
  return (
    <>
      <Button icon={<EditOutlined />} onClick={onEdit} data-testid="segment-edit">
        {t("common.edit")}
      </Button>
      {dynamic ? (
        <Button
          icon={<ReloadOutlined />}
          loading={rebuild.isPending}
          disabled={segment.state === "building"}
          onClick={() =>
            rebuild.mutate(segment.id, {
              onSuccess: () => void message.success(t("segments.detail.rebuildStarted")),
              onError: fail,
            })
          }
          data-testid="segment-rebuild"
        >
          {t("segments.detail.rebuild")}
        </Button>
      ) : null}
      {dynamic ? (
        <Button
          icon={<CameraOutlined />}
          onClick={() => setSnapshotOpen(true)}
          data-testid="segment-snapshot"
        >
          {t("segments.detail.snapshot")}
        </Button>
      ) : null}
      <Popconfirm
        title={t("segments.detail.deleteConfirm", { name: segment.name })}
        okText={t("common.delete")}
        cancelText={t("common.cancel")}
        okButtonProps={{ danger: true, loading: remove.isPending }}
        onConfirm={() =>
          remove.mutateAsync({ id: segment.id, etag }).then(() => {
            void message.success(t("common.deleted"));
            void navigate({ to: "/segments" });
          }, fail)
        }
      >
        <Button danger icon={<DeleteOutlined />} data-testid="segment-delete">
          {t("common.delete")}
        </Button>
      </Popconfirm>
      <SnapshotModal segment={segment} open={snapshotOpen} onClose={() => setSnapshotOpen(false)} />
    </>
  );
}
