import { App, Form, Input, Modal, Select } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useCustomerSearch } from "../../lib/customers";
import { useOnOpen, useServerErrors } from "../../lib/forms";
import { useStoreOptions } from "../../lib/stores";
import { useFormat } from "../../lib/useFormat";
import { type Order, type OrderUpdate, useUpdateDraft } from "./api";
import { CHANNELS } from "./search";

type HeaderForm = Required<Pick<OrderUpdate, "customer_id" | "store_id" | "channel" | "note">>;

/** Change a draft's customer, store, channel or note (only what changed is sent). */
export function DraftHeaderModal({
  order,
  customerName,
  open,
  onClose,
}: {
  order: Order;
  customerName: string | undefined;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const [form] = Form.useForm<HeaderForm>();
  const update = useUpdateDraft(order.id);
  const stores = useStoreOptions();
  const [q, setQ] = useState("");
  const customers = useCustomerSearch(q);
  const server = useServerErrors(form, ["customer_id", "store_id", "channel", "note"]);
  const customerOptions = [
    ...(customerName && order.customer_id ? [{ value: order.customer_id, label: customerName }] : []),
    ...(customers.data?.items ?? [])
      .filter((c) => c.id !== order.customer_id)
      .map((c) => ({ value: c.id, label: `${c.name}${c.phone ? ` · ${fmt.phone(c.phone)}` : ""}` })),
  ];

  useOnOpen(open, () => {
    server.reset();
    form.setFieldsValue({
      customer_id: order.customer_id,
      store_id: order.store_id,
      channel: order.channel,
      note: order.note,
    });
  });

  const finish = (v: HeaderForm) => {
    const body: OrderUpdate = {};
    // A cleared customer makes the draft a walk-in sale.
    const customerId = v.customer_id ?? null;
    if (customerId !== order.customer_id) body.customer_id = customerId;
    if (v.store_id !== order.store_id) body.store_id = v.store_id;
    if (v.channel !== order.channel) body.channel = v.channel;
    if (v.note !== order.note) body.note = v.note;
    update.mutate(
      { body, version: order.version },
      {
        onSuccess: () => {
          message.success(t("orders.actionDone"));
          onClose();
        },
        onError: server.handle,
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t("orders.header.edit")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      okButtonProps={{ loading: update.isPending, "data-testid": "draft-header-save" }}
      destroyOnHidden
    >
      <ProblemAlert error={server.error} />
      <Form form={form} layout="vertical" onFinish={finish}>
        <Form.Item
          label={t("orders.fields.customer")}
          name="customer_id"
          extra={t("orders.header.walkInHint")}
        >
          <Select
            allowClear
            showSearch={{ filterOption: false, onSearch: setQ }}
            options={customerOptions}
            placeholder={t("orders.capture.customerSearch")}
          />
        </Form.Item>
        <Form.Item label={t("orders.fields.store")} name="store_id" rules={[{ required: true }]}>
          <Select options={stores.data ?? []} />
        </Form.Item>
        <Form.Item label={t("orders.fields.channel")} name="channel" rules={[{ required: true }]}>
          <Select options={CHANNELS.map((c) => ({ value: c, label: t(`orders.channel.${c}`) }))} />
        </Form.Item>
        <Form.Item label={t("orders.fields.note")} name="note">
          <Input.TextArea rows={3} maxLength={2000} data-testid="draft-header-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
