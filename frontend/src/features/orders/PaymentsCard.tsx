import { PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Empty, Form, Input, InputNumber, Modal, Select, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import { useOnOpen, useServerErrors } from "../../lib/forms";
import { useFormat } from "../../lib/useFormat";
import { type Order, type PaymentIn, type PaymentMethod, useRecordPayment } from "./api";
import { changeDue, rememberChange } from "./change";
import { PAYMENT_METHODS } from "./labels";

/** Orders that take no payment: nothing agreed yet, or never to be fulfilled. */
const UNPAYABLE = new Set(["draft", "cancelled", "rejected"]);

interface PaymentForm {
  method: PaymentMethod;
  amount: string;
  reference?: string;
  /** Cash handed over by the customer (cash only; never sent: the API records the amount). */
  tendered?: string | null;
}

function RecordPaymentModal({ order, open, onClose }: { order: Order; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const [form] = Form.useForm<PaymentForm>();
  const record = useRecordPayment(order.id);
  const server = useServerErrors(form, ["method", "amount", "reference"]);

  const method = Form.useWatch("method", form);
  const amount = Form.useWatch("amount", form);
  const tendered = Form.useWatch("tendered", form);
  const change = method === "cash" ? changeDue(amount, tendered) : null;

  useOnOpen(open, () => {
    server.reset();
    form.setFieldsValue({
      method: "cash",
      amount: order.payments.balance_due,
      reference: "",
      tendered: null,
    });
  });

  const finish = (v: PaymentForm) => {
    const body: PaymentIn = {
      method: v.method,
      amount: String(v.amount),
      reference: (v.reference ?? "").trim(),
    };
    const due = v.method === "cash" ? changeDue(v.amount, v.tendered) : null;
    record.mutate(body, {
      onSuccess: (payment) => {
        if (due !== null && v.tendered) rememberChange(payment.id, String(v.tendered), due);
        message.success(
          due !== null
            ? t("orders.payments.recordedWithChange", {
                change: fmt.money(due, order.currency),
              })
            : t("orders.payments.recorded"),
        );
        onClose();
      },
      onError: server.handle,
    });
  };

  return (
    <Modal
      open={open}
      title={t("orders.payments.record")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.confirm")}
      okButtonProps={{ loading: record.isPending, "data-testid": "payment-confirm" }}
      destroyOnHidden
    >
      <ProblemAlert error={server.error} />
      <Form form={form} layout="vertical" onFinish={finish}>
        <Form.Item label={t("orders.payments.method")} name="method" rules={[{ required: true }]}>
          <Select
            data-testid="payment-method"
            options={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`orders.paymentMethod.${m}`) }))}
          />
        </Form.Item>
        <Form.Item
          label={t("orders.payments.amount")}
          name="amount"
          extra={t("orders.payments.balanceHint", {
            amount: fmt.money(order.payments.balance_due, order.currency),
          })}
          rules={[{ required: true, message: t("validation.required") }]}
        >
          <InputNumber<string>
            stringMode
            min="0.01"
            max={order.payments.balance_due}
            precision={fmt.places}
            style={{ width: "100%" }}
            data-testid="payment-amount"
          />
        </Form.Item>
        {method === "cash" ? (
          <Form.Item
            label={t("orders.payments.tendered")}
            name="tendered"
            dependencies={["amount"]}
            rules={[
              {
                validator: (_, value: string | null | undefined) =>
                  !value || Number(value) >= Number(form.getFieldValue("amount") ?? 0)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t("orders.payments.tenderedTooLittle"))),
              },
            ]}
            extra={
              change !== null ? (
                <span data-testid="payment-change">
                  {t("orders.payments.changeDue", {
                    change: fmt.money(change, order.currency),
                  })}
                </span>
              ) : undefined
            }
          >
            <InputNumber<string>
              stringMode
              min="0"
              precision={fmt.places}
              style={{ width: "100%" }}
              data-testid="payment-tendered"
            />
          </Form.Item>
        ) : null}
        <Form.Item label={t("orders.payments.reference")} name="reference">
          <Input
            maxLength={100}
            placeholder={t("orders.payments.referenceHint")}
            data-testid="payment-reference"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Payments and refunds of an order, oldest first, and recording a new (partial) payment. */
export function PaymentsCard({ order }: { order: Order }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const canRecord = useCan("payments:record");
  const [open, setOpen] = useState(false);
  const money = (v: string) => fmt.money(v, order.currency);
  const payable = canRecord && !UNPAYABLE.has(order.status) && Number(order.payments.balance_due) > 0;
  const returnNumber = new Map(order.returns.map((r) => [r.id, r.number]));

  return (
    <Card
      size="small"
      title={t("orders.payments.title")}
      style={{ marginBottom: 16 }}
      extra={
        payable ? (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setOpen(true)}
            data-testid="payment-record"
          >
            {t("orders.payments.record")}
          </Button>
        ) : null
      }
    >
      {order.payment_records.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("orders.payments.none")} />
      ) : (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={order.payment_records}
          data-testid="payment-records"
          columns={[
            {
              key: "at",
              title: t("orders.payments.at"),
              render: (_, p) => fmt.dateTime(p.created_at),
            },
            {
              key: "method",
              title: t("orders.payments.method"),
              render: (_, p) => t(`orders.paymentMethod.${p.method}`, p.method),
            },
            {
              key: "kind",
              title: t("orders.payments.kind"),
              render: (_, p) =>
                p.return_id ? (
                  <Tag color="volcano">
                    {t("orders.payments.refundFor", { number: returnNumber.get(p.return_id) ?? "" })}
                  </Tag>
                ) : (
                  <Tag color="green">{t("orders.payments.payment")}</Tag>
                ),
            },
            { key: "reference", title: t("orders.payments.reference"), render: (_, p) => p.reference || "—" },
            {
              key: "amount",
              title: t("orders.payments.amount"),
              align: "right",
              render: (_, p) => money(p.amount),
            },
          ]}
        />
      )}
      <RecordPaymentModal order={order} open={open} onClose={() => setOpen(false)} />
    </Card>
  );
}
