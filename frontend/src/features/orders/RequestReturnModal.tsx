import { App, Form, Input, InputNumber, Modal, Select, Table } from "antd";
import { useTranslation } from "react-i18next";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useOnOpen, useServerErrors } from "../../lib/forms";
import { useStoreOptions } from "../../lib/stores";
import { type Order, useRequestReturn } from "./api";

interface RequestForm {
  quantities: Record<string, number | null>;
  reason: string;
  store_id?: string;
}

/** Asks for the units to return per line, the reason and (optionally) the store taking them back. */
export function RequestReturnModal({
  order,
  returnable,
  open,
  onClose,
}: {
  order: Order;
  returnable: Map<string, number>;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RequestForm>();
  const request = useRequestReturn(order.id);
  const stores = useStoreOptions();
  const server = useServerErrors(form, ["reason", "store_id"]);
  const lines = order.lines.filter((l) => (returnable.get(l.id) ?? 0) > 0);

  useOnOpen(open, () => {
    server.reset();
    form.setFieldsValue({ quantities: {}, reason: "", store_id: undefined });
  });

  const finish = (v: RequestForm) => {
    const chosen = lines
      .map((l) => ({ line_id: l.id, quantity: v.quantities?.[l.id] ?? 0 }))
      .filter((l) => l.quantity > 0);
    if (chosen.length === 0) {
      form.setFields([{ name: "reason", errors: [t("orders.returns.pickUnits")] }]);
      return;
    }
    request.mutate(
      { lines: chosen, reason: v.reason.trim(), store_id: v.store_id ?? null },
      {
        onSuccess: (r) => {
          message.success(t("orders.returns.requested", { number: r.number }));
          onClose();
        },
        onError: server.handle,
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t("orders.returns.request")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.confirm")}
      okButtonProps={{ loading: request.isPending, "data-testid": "return-confirm" }}
      destroyOnHidden
      width={640}
    >
      <ProblemAlert error={server.error} />
      <Form form={form} layout="vertical" onFinish={finish}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={lines}
          style={{ marginBottom: 16 }}
          columns={[
            { key: "name", title: t("orders.fields.product"), render: (_, l) => `${l.name} (${l.sku})` },
            { key: "shipped", title: t("orders.fields.shipped"), dataIndex: "shipped_quantity" },
            {
              key: "left",
              title: t("orders.returns.returnable"),
              render: (_, l) => returnable.get(l.id) ?? 0,
            },
            {
              key: "q",
              title: t("orders.returns.quantity"),
              render: (_, l) => (
                <Form.Item name={["quantities", l.id]} noStyle>
                  <InputNumber
                    min={0}
                    max={returnable.get(l.id) ?? 0}
                    precision={0}
                    aria-label={`${l.sku} ${t("orders.returns.quantity")}`}
                    data-testid="return-line-quantity"
                  />
                </Form.Item>
              ),
            },
          ]}
        />
        <Form.Item
          label={t("orders.fields.reason")}
          name="reason"
          rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
        >
          <Input.TextArea rows={2} data-testid="return-reason" />
        </Form.Item>
        <Form.Item label={t("orders.returns.backTo")} name="store_id" extra={t("orders.returns.backToHint")}>
          <Select allowClear options={stores.data ?? []} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
