import { Link } from "@tanstack/react-router";
import { App, Form, Input, InputNumber, Modal, Table } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useOnOpen, useServerErrors } from "../../lib/forms";
import { type OrderDetail, startReturn, type Ticket, useOrderDetail } from "./api";

type Line = OrderDetail["lines"][number];

interface Values {
  reason?: string;
  quantities?: Record<string, number | null>;
}

const returnable = (l: Line) => l.shipped_quantity - l.returned_quantity;

/** Start a return of the ticket's (delivered) order; the return references the ticket. */
export function ReturnModal({
  ticket,
  open,
  onClose,
}: {
  ticket: Ticket;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const order = useOrderDetail(ticket.order_id ?? undefined, open);
  const [pending, setPending] = useState(false);
  const server = useServerErrors(form, ["reason", "lines"]);

  // Filled once the order has loaded, and not again when it is refreshed while the dialog is open.
  useOnOpen(open && order.data !== undefined, () => {
    server.reset();
    form.setFieldsValue({
      reason: ticket.subject,
      quantities: Object.fromEntries((order.data?.lines ?? []).map((l) => [l.id, 0])),
    });
  });

  const finish = async (v: Values) => {
    const lines = Object.entries(v.quantities ?? {})
      .map(([line_id, quantity]) => ({ line_id, quantity: quantity ?? 0 }))
      .filter((l) => l.quantity > 0);
    setPending(true);
    try {
      const created = await startReturn(ticket.id, { lines, reason: (v.reason ?? "").trim() });
      message.success(t("tickets.returnStarted", { number: created.number }));
      onClose();
    } catch (err) {
      server.handle(err);
    } finally {
      setPending(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t("tickets.startReturn")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.confirm")}
      okButtonProps={{ loading: pending, "data-testid": "return-confirm" }}
      destroyOnHidden
      width={640}
    >
      <ProblemAlert error={server.error ?? order.error} />
      {ticket.order ? (
        <p>
          <Link to="/orders/$id" params={{ id: ticket.order.id }}>
            {ticket.order.number}
          </Link>
        </p>
      ) : null}
      <Form form={form} layout="vertical" onFinish={(v) => void finish(v)}>
        <Table<Line>
          rowKey="id"
          size="small"
          pagination={false}
          loading={order.isLoading}
          dataSource={order.data?.lines ?? []}
          columns={[
            { key: "name", title: t("orders.fields.product"), render: (_, l) => `${l.name} (${l.sku})` },
            { key: "shipped", title: t("orders.fields.shipped"), dataIndex: "shipped_quantity" },
            {
              key: "q",
              title: t("tickets.returnQuantity"),
              render: (_, l) => (
                <Form.Item name={["quantities", l.id]} noStyle>
                  <InputNumber
                    min={0}
                    max={returnable(l)}
                    precision={0}
                    aria-label={`${l.sku} ${t("tickets.returnQuantity")}`}
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
          style={{ marginTop: 16 }}
          rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
        >
          <Input.TextArea rows={2} data-testid="return-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
