/** One button per allowed lifecycle action, from the registry: the wizard's for edit and schedule,
 * a reason for reject, a confirmation for cancel, a click for the rest; and deleting a draft. */
import { DeleteOutlined } from "@ant-design/icons";
import { useNavigate } from "@tanstack/react-router";
import { App, Button, Form, Input, Modal, Popconfirm } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemAlert, useProblemMessage } from "../../components/ProblemAlert";
import { toneProps } from "../../lib/actions";
import { toProblem } from "../../lib/api/problem";
import { useOnOpen, useServerErrors } from "../../lib/forms";
import {
  type CampaignAction,
  campaignActionSpec,
  campaignBarActions,
  NO_VALUES,
  useCampaignAction,
} from "./actions";
import { useDeleteCampaign } from "./api";
import type { Campaign } from "./content";
import { STEPS } from "./errors";

function RejectModal({
  campaign,
  open,
  onClose,
}: {
  campaign: Campaign;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const run = useCampaignAction();
  const server = useServerErrors(form, ["reason"]);
  useOnOpen(open, () => {
    server.reset();
    form.setFieldsValue({ reason: "" });
  });
  const submit = ({ reason }: { reason: string }) =>
    run.mutate(
      { campaign, action: "reject", values: { ...NO_VALUES, reason } },
      {
        onSuccess: () => {
          void message.success(t("campaigns.detail.rejected"));
          onClose();
        },
        onError: server.handle,
      },
    );
  return (
    <Modal
      open={open}
      title={t("campaigns.actions.reject")}
      okText={t("campaigns.actions.reject")}
      cancelText={t("common.cancel")}
      okButtonProps={{ danger: true, "data-testid": "campaign-reject-confirm" }}
      confirmLoading={run.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ProblemAlert error={server.error} />
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="reason"
          label={t("campaigns.detail.rejectReason")}
          rules={[{ required: true, whitespace: true, message: t("campaigns.detail.rejectReasonRequired") }]}
        >
          <Input.TextArea maxLength={500} autoSize={{ minRows: 3 }} data-testid="campaign-reject-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CampaignActions({ campaign, etag }: { campaign: Campaign; etag: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const problemMessage = useProblemMessage();
  const run = useCampaignAction();
  const remove = useDeleteCampaign();
  const [rejecting, setRejecting] = useState(false);
  const fail = (e: unknown) => void message.error(problemMessage(toProblem(e)));

  const now = (action: CampaignAction) =>
    run.mutate(
      { campaign, action, values: NO_VALUES },
      { onSuccess: () => void message.success(t("campaigns.detail.done")), onError: fail },
    );

  const button = (action: CampaignAction) => {
    const spec = campaignActionSpec(action);
    const props = {
      ...toneProps(spec.tone),
      loading: run.isPending && run.variables?.action === action,
      "data-testid": `campaign-action-${action}`,
    };
    if (spec.form === "wizard") {
      const step = action === "schedule" ? STEPS.indexOf("review") : 0;
      return (
        <Button
          key={action}
          {...props}
          onClick={() =>
            void navigate({
              to: "/campaigns/$campaignId/edit",
              params: { campaignId: campaign.id },
              search: { step: step || undefined },
            })
          }
        >
          {t(spec.label)}
        </Button>
      );
    }
    if (spec.form === "confirm") {
      return (
        <Popconfirm
          key={action}
          title={t(`campaigns.detail.confirm.${action}`, { name: campaign.name })}
          okText={t(spec.label)}
          cancelText={t("common.cancel")}
          okButtonProps={{ danger: true, "data-testid": `campaign-action-${action}-confirm` }}
          onConfirm={() => now(action)}
        >
          <Button {...props}>{t(spec.label)}</Button>
        </Popconfirm>
      );
    }
    if (spec.form === "reason") {
      return (
        <Button key={action} {...props} onClick={() => setRejecting(true)}>
          {t(spec.label)}
        </Button>
      );
    }
    return (
      <Button key={action} {...props} onClick={() => now(action)}>
        {t(spec.label)}
      </Button>
    );
  };

  return (
    <>
      {campaignBarActions(campaign).map(button)}
      {campaign.allowed_actions.includes("edit") ? (
        <Popconfirm
          title={t("campaigns.detail.deleteConfirm", { name: campaign.name })}
          okText={t("common.delete")}
          cancelText={t("common.cancel")}
          okButtonProps={{
            danger: true,
            loading: remove.isPending,
            "data-testid": "campaign-delete-confirm",
          }}
          onConfirm={() =>
            remove.mutateAsync({ id: campaign.id, etag }).then(() => {
              void message.success(t("common.deleted"));
              void navigate({ to: "/campaigns" });
            }, fail)
          }
        >
          <Button danger type="text" icon={<DeleteOutlined />} data-testid="campaign-delete">
            {t("campaigns.detail.delete")}
          </Button>
        </Popconfirm>
      ) : null}
      <RejectModal campaign={campaign} open={rejecting} onClose={() => setRejecting(false)} />
    </>
  );
}
