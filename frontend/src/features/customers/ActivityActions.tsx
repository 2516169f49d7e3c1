import { DeleteOutlined, EditOutlined } from "@ant-design/icons";
import { App, Button, Flex, Modal, Popconfirm, Tooltip } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useProblemMessage } from "../../components/ProblemAlert";
import { toProblem } from "../../lib/api/problem";
import { useFormat } from "../../lib/useFormat";
import { ActivityForm, activityBody } from "./ActivityForm";
import { useActivity, useRemoveActivity, useUpdateActivity } from "./api";
import { stillEditable } from "./timeline";

/**
 * Edit and delete on an activity the signed-in user logged, while the server still allows it
 * (`editable_until`, read from the activity itself: the timeline entry does not carry it).
 * What the server refuses (403 not the author, 409 locked, 412 changed meanwhile) is shown.
 */
export function ActivityActions({ customerId, activityId }: { customerId: string; activityId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const problemMessage = useProblemMessage();
  const query = useActivity(customerId, activityId, true);
  const update = useUpdateActivity(customerId, activityId);
  const remove = useRemoveActivity(customerId, activityId);
  const [editing, setEditing] = useState(false);
  if (!query.data || !stillEditable(query.data.activity.editable_until)) return null;
  const { activity, etag } = query.data;
  const until = t("timeline.editableUntil", { time: fmt.dateTime(activity.editable_until) });
  return (
    <>
      <Flex gap={4}>
        <Tooltip title={until}>
          <Button
            size="small"
            type="text"
            icon={<EditOutlined />}
            onClick={() => setEditing(true)}
            data-testid="activity-edit"
          >
            {t("timeline.edit")}
          </Button>
        </Tooltip>
        <Popconfirm
          title={t("timeline.deleteConfirm")}
          okText={t("common.delete")}
          cancelText={t("common.cancel")}
          okButtonProps={{ danger: true, loading: remove.isPending }}
          onConfirm={() =>
            remove.mutateAsync().then(
              () => message.success(t("common.deleted")),
              (e: unknown) => message.error(problemMessage(toProblem(e))),
            )
          }
        >
          <Button size="small" type="text" danger icon={<DeleteOutlined />} data-testid="activity-delete">
            {t("timeline.delete")}
          </Button>
        </Popconfirm>
      </Flex>
      <Modal
        title={t("timeline.editTitle")}
        open={editing}
        footer={null}
        destroyOnHidden
        onCancel={() => {
          setEditing(false);
          update.reset();
        }}
      >
        <ActivityForm
          initial={{ kind: activity.kind, body: activity.body, occurredAt: dayjs(activity.occurred_at) }}
          submitting={update.isPending}
          error={update.error}
          submitLabel={t("common.save")}
          testId="activity-edit-form"
          onCancel={() => {
            setEditing(false);
            update.reset();
          }}
          onSubmit={(values) =>
            update.mutateAsync({ body: activityBody(values), etag }).then(() => {
              message.success(t("common.saved"));
              setEditing(false);
            })
          }
        />
      </Modal>
    </>
  );
}
