import { App, Form, Input, InputNumber, Modal, Select } from "antd";
import { useTranslation } from "react-i18next";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useOnOpen, useServerErrors } from "../../lib/forms";
import { useStoreOptions } from "../../lib/stores";
import { useFormat } from "../../lib/useFormat";
import type { Order, PaymentMethod, Return } from "./api";
import { PAYMENT_METHODS } from "./labels";
import { type ReturnAction, returnActionSpec, useReturnAction } from "./returnActions";

/** A return and the action whose dialog is open on it. */
export interface ReturnTarget {
  ret: Return;
  action: ReturnAction;
}

interface ActionForm {
  reason?: string;
  store_id?: string;
  method?: PaymentMethod;
  amount?: string | null;
  reference?: string;
}

/** The dialog of a return action whose registry entry asks for a form (reason, store, refund). */
export function ReturnActionModal({
  order,
  target,
  onClose,
}: {
  order: Order;
  target: ReturnTarget | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const [form] = Form.useForm<ActionForm>();
  const run = useReturnAction(order.id);
  const stores = useStoreOptions();
  const server = useServerErrors(form, ["reason", "store_id", "method", "amount", "reference"]);
  const kind = target ? returnActionSpec(target.action).form : null;

  useOnOpen(target !== null, () => {
    if (!target) return;
    server.reset();
    form.setFieldsValue({
      reason: "",
      store_id: target.ret.store_id ?? undefined,
      method: "cash",
      amount: target.ret.value,
      reference: "",
    });
  });

  const finish = (v: ActionForm) => {
    if (!target) return;
    const values = {
      reason: (v.reason ?? "").trim(),
      store_id: v.store_id ?? null,
      refund: {
        method: v.method ?? "cash",
        amount: v.amount ? String(v.amount) : null,
        reference: (v.reference ?? "").trim(),
      },
    };
    run.mutate(
      { ret: target.ret, action: target.action, values },
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
      open={target !== null}
      title={target ? `${t(returnActionSpec(target.action).label)} · ${target.ret.number}` : ""}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.confirm")}
      okButtonProps={{ loading: run.isPending, "data-testid": "return-action-confirm" }}
      destroyOnHidden
    >
      <ProblemAlert error={server.error} />
      <Form form={form} layout="vertical" onFinish={finish}>
        {kind === "reason" ? (
          <Form.Item
            label={t("orders.fields.reason")}
            name="reason"
            rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
          >
            <Input.TextArea rows={2} />
          </Form.Item>
        ) : null}
        {kind === "receive" ? (
          <Form.Item label={t("orders.returns.receiveInto")} name="store_id" rules={[{ required: true }]}>
            <Select options={stores.data ?? []} data-testid="return-receive-store" />
          </Form.Item>
        ) : null}
        {kind === "refund" ? (
          <>
            <Form.Item label={t("orders.payments.method")} name="method" rules={[{ required: true }]}>
              <Select
                options={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`orders.paymentMethod.${m}`) }))}
              />
            </Form.Item>
            <Form.Item
              label={t("orders.payments.amount")}
              name="amount"
              extra={t("orders.returns.refundHint", {
                value: target ? fmt.money(target.ret.value, order.currency) : "",
              })}
            >
              <InputNumber<string>
                stringMode
                min="0.01"
                precision={fmt.places}
                style={{ width: "100%" }}
                data-testid="refund-amount"
              />
            </Form.Item>
            <Form.Item label={t("orders.payments.reference")} name="reference">
              <Input maxLength={100} />
            </Form.Item>
          </>
        ) : null}
      </Form>
    </Modal>
  );
}
