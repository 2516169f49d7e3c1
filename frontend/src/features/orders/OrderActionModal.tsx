import { App, Form, Input, Modal, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useOnOpen, useServerErrors } from "../../lib/forms";
import { type OrderAction, orderActionSpec, useOrderAction } from "./actions";
import type { Order, Product } from "./api";
import { CustomerPicker, type PickedCustomer } from "./CustomerPicker";
import { remainingToFulfil, toDecimal } from "./draft";
import { type AddedLine, newLineKey, OrderQuantitiesTable } from "./OrderQuantitiesTable";
import { ProductSearchSelect, productName } from "./ProductSearchSelect";

interface FormValues {
  reason?: string;
  carrier?: string;
  tracking_number?: string;
  note?: string;
  quantities?: Record<string, number | null>;
}

const required = (message: string) => [{ required: true, whitespace: true, message }];

/** The dialog of an order action whose registry entry asks for a form (reason, shipment, lines…). */
export function OrderActionModal({
  order,
  action,
  onClose,
}: {
  order: Order;
  action: OrderAction | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const run = useOrderAction();
  const [added, setAdded] = useState<AddedLine[]>([]);
  const [member, setMember] = useState<PickedCustomer | null>(null);
  const [memberMissing, setMemberMissing] = useState(false);
  const server = useServerErrors(form, ["reason", "carrier", "tracking_number", "note", "lines"]);
  const spec = action ? orderActionSpec(action) : null;
  const kind = spec?.form ?? "none";

  useOnOpen(action !== null, () => {
    server.reset();
    const quantities: Record<string, number> = {};
    for (const l of order.lines) {
      quantities[l.id] = kind === "fulfil" ? remainingToFulfil(l) : l.quantity;
    }
    setAdded([]);
    setMember(null);
    setMemberMissing(false);
    form.setFieldsValue({ reason: "", carrier: "", tracking_number: "", note: order.note, quantities });
  });

  const addProductLine = (p: Product) => {
    const line = order.lines.find((l) => l.product_id === p.id);
    const key = line ? line.id : newLineKey(p.id);
    if (line || added.some((a) => a.product_id === p.id)) {
      const current: number | null | undefined = form.getFieldValue(["quantities", key]);
      form.setFieldValue(["quantities", key], (current ?? 0) + 1);
      return;
    }
    setAdded((prev) => [...prev, { product_id: p.id, sku: p.sku, name: productName(p, i18n.language) }]);
    form.setFieldValue(["quantities", newLineKey(p.id)], 1);
  };

  const finish = async (v: FormValues) => {
    if (!action) return;
    if (kind === "customer" && !member) {
      setMemberMissing(true);
      return;
    }
    const q = v.quantities ?? {};
    const lines = [
      ...order.lines.map((l) => ({
        product_id: l.product_id,
        quantity: q[l.id] ?? 0,
        discount: toDecimal(l.discount),
      })),
      ...added.map((a) => ({
        product_id: a.product_id,
        quantity: q[newLineKey(a.product_id)] ?? 0,
        discount: "0.00",
      })),
    ].filter((l) => l.quantity > 0);
    const fulfil = order.lines
      .map((l) => ({ line_id: l.id, quantity: q[l.id] ?? 0 }))
      .filter((l) => l.quantity > 0);
    const values = {
      reason: (v.reason ?? "").trim(),
      carrier: v.carrier ?? "",
      tracking_number: v.tracking_number ?? "",
      note: v.note ?? "",
      lines,
      fulfil,
      customer_id: member?.id ?? "",
    };
    try {
      await run.mutateAsync({ order, action, values });
      message.success(t("orders.actionDone"));
      onClose();
    } catch (err) {
      server.handle(err);
    }
  };

  const showQuantities = kind === "fulfil" || kind === "edit" || kind === "lines";
  return (
    <Modal
      open={action !== null}
      title={spec ? t(spec.label) : ""}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.confirm")}
      okButtonProps={{ loading: run.isPending, "data-testid": "action-confirm" }}
      destroyOnHidden
      width={showQuantities ? 640 : 480}
    >
      <ProblemAlert error={server.error} />
      <Form form={form} layout="vertical" onFinish={(v) => void finish(v)}>
        {kind === "reason" ? (
          <Form.Item
            label={t("orders.fields.reason")}
            name="reason"
            rules={required(t("validation.required"))}
          >
            <Input.TextArea rows={3} autoFocus data-testid="action-reason" />
          </Form.Item>
        ) : null}
        {kind === "ship" ? (
          <>
            <Form.Item
              label={t("orders.fields.carrier")}
              name="carrier"
              rules={required(t("validation.required"))}
            >
              <Input autoFocus data-testid="ship-carrier" />
            </Form.Item>
            <Form.Item
              label={t("orders.fields.trackingNumber")}
              name="tracking_number"
              rules={required(t("validation.required"))}
            >
              <Input data-testid="ship-tracking" />
            </Form.Item>
          </>
        ) : null}
        {kind === "confirm" ? (
          <Typography.Paragraph data-testid="action-question">
            {t("orders.confirm.discard")}
          </Typography.Paragraph>
        ) : null}
        {kind === "customer" ? (
          <Form.Item
            label={t("orders.fields.customer")}
            validateStatus={memberMissing ? "error" : undefined}
            help={memberMissing ? t("validation.required") : t("orders.attachHint")}
          >
            <CustomerPicker
              value={member}
              onChange={(c) => {
                setMember(c);
                setMemberMissing(false);
              }}
              testId="attach-customer"
              width="100%"
            />
          </Form.Item>
        ) : null}
        {kind === "edit" || kind === "lines" ? (
          <ProductSearchSelect
            testId="action-add-product"
            onPick={addProductLine}
            style={{ width: "100%", marginBottom: 12 }}
          />
        ) : null}
        {showQuantities ? (
          <OrderQuantitiesTable lines={order.lines} added={added} fulfil={kind === "fulfil"} />
        ) : null}
        {kind === "edit" ? (
          <Form.Item label={t("orders.fields.note")} name="note" style={{ marginTop: 16 }}>
            <Input.TextArea rows={2} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
