import { RollbackOutlined } from "@ant-design/icons";
import {
  App,
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Table,
  Tag,
  Typography,
} from "antd";
import { type HTMLAttributes, useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import { formatDateTime, formatMoney } from "../../lib/format";
import { useOnOpen, useServerErrors } from "../../lib/forms";
import { useStoreOptions } from "../../lib/stores";
import {
  type Order,
  type PaymentMethod,
  type Return,
  type ReturnActionInput,
  useOrderReturns,
  useRequestReturn,
  useReturnAction,
} from "./api";
import { returnableUnits } from "./draft";
import { PAYMENT_METHODS, RETURN_STATUS_COLORS } from "./labels";

const RETURNABLE_ORDERS = new Set(["delivered", "completed"]);

function rowAttributes(r: Return): HTMLAttributes<HTMLElement> & { [data: `data-${string}`]: string } {
  return { "data-testid": "return-row", "data-status": r.status };
}
type ReturnActionName = ReturnActionInput["action"];

interface RequestForm {
  quantities: Record<string, number | null>;
  reason: string;
  store_id?: string;
}

function RequestReturnModal({
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

interface ActionForm {
  reason?: string;
  store_id?: string;
  method?: PaymentMethod;
  amount?: string | null;
  reference?: string;
}

function ReturnActionModal({
  order,
  target,
  onClose,
}: {
  order: Order;
  target: { ret: Return; action: Exclude<ReturnActionName, "approve"> } | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ActionForm>();
  const run = useReturnAction(order.id);
  const stores = useStoreOptions();
  const server = useServerErrors(form, ["reason", "store_id", "method", "amount", "reference"]);
  const action = target?.action;

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
    let input: ReturnActionInput;
    if (target.action === "reject") input = { action: "reject", reason: (v.reason ?? "").trim() };
    else if (target.action === "receive") input = { action: "receive", store_id: v.store_id ?? null };
    else {
      input = {
        action: "refund",
        body: {
          method: v.method ?? "cash",
          amount: v.amount ? String(v.amount) : null,
          reference: (v.reference ?? "").trim(),
        },
      };
    }
    run.mutate(
      { returnId: target.ret.id, input },
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
      title={target ? `${t(`orders.returns.actions.${target.action}`)} · ${target.ret.number}` : ""}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.confirm")}
      okButtonProps={{ loading: run.isPending, "data-testid": "return-action-confirm" }}
      destroyOnHidden
    >
      <ProblemAlert error={server.error} />
      <Form form={form} layout="vertical" onFinish={finish}>
        {action === "reject" ? (
          <Form.Item
            label={t("orders.fields.reason")}
            name="reason"
            rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
          >
            <Input.TextArea rows={2} />
          </Form.Item>
        ) : null}
        {action === "receive" ? (
          <Form.Item label={t("orders.returns.receiveInto")} name="store_id" rules={[{ required: true }]}>
            <Select options={stores.data ?? []} data-testid="return-receive-store" />
          </Form.Item>
        ) : null}
        {action === "refund" ? (
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
                value: target ? formatMoney(target.ret.value, i18n.language, order.currency) : "",
              })}
            >
              <InputNumber<string>
                stringMode
                min="0.01"
                precision={2}
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

/** The order's returns (RMA) with only their allowed actions, and requesting a new one. */
export function ReturnsCard({ order }: { order: Order }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const canReturn = useCan("orders:return");
  const orderReturnable = RETURNABLE_ORDERS.has(order.status);
  const returns = useOrderReturns(order.id, order.returns.length > 0 || orderReturnable);
  const run = useReturnAction(order.id);
  const [requesting, setRequesting] = useState(false);
  const [target, setTarget] = useState<{ ret: Return; action: Exclude<ReturnActionName, "approve"> } | null>(
    null,
  );
  const rows = returns.data ?? [];
  const returnable = returnableUnits(order.lines, rows);
  const anyLeft = [...returnable.values()].some((n) => n > 0);
  const money = (v: string) => formatMoney(v, i18n.language, order.currency);
  const sku = new Map(order.lines.map((l) => [l.id, l.sku]));

  const click = (ret: Return, action: ReturnActionName) => {
    if (action === "approve") {
      run.mutate(
        { returnId: ret.id, input: { action } },
        { onSuccess: () => message.success(t("orders.actionDone")) },
      );
      return;
    }
    setTarget({ ret, action });
  };

  if (!orderReturnable && order.returns.length === 0) return null;
  return (
    <Card
      size="small"
      title={t("orders.returns.title")}
      style={{ marginBottom: 16 }}
      extra={
        canReturn && orderReturnable && anyLeft ? (
          <Button
            size="small"
            icon={<RollbackOutlined />}
            onClick={() => setRequesting(true)}
            data-testid="return-request"
          >
            {t("orders.returns.request")}
          </Button>
        ) : null
      }
    >
      <ProblemAlert error={returns.error ?? run.error} />
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("orders.returns.none")} />
      ) : (
        <Table<Return>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={rows}
          onRow={rowAttributes}
          columns={[
            {
              key: "number",
              title: t("orders.returns.number"),
              render: (_, r) => (
                <Flex vertical>
                  <Typography.Text strong>{r.number}</Typography.Text>
                  <Typography.Text type="secondary">
                    {formatDateTime(r.created_at, i18n.language)}
                  </Typography.Text>
                </Flex>
              ),
            },
            {
              key: "status",
              title: t("orders.fields.status"),
              render: (_, r) => (
                <Tag color={RETURN_STATUS_COLORS[r.status]} data-testid="return-status">
                  {t(`orders.returns.status.${r.status}`)}
                </Tag>
              ),
            },
            {
              key: "lines",
              title: t("orders.fields.lines"),
              render: (_, r) =>
                r.lines.map((l) => `${sku.get(l.line_id) ?? l.sku} × ${l.quantity}`).join(", "),
            },
            { key: "reason", title: t("orders.fields.reason"), dataIndex: "reason" },
            {
              key: "money",
              title: t("orders.returns.refund"),
              align: "right",
              render: (_, r) => (r.status === "refunded" ? money(r.refund_amount) : money(r.value)),
            },
            {
              key: "actions",
              title: "",
              render: (_, r) => (
                <Flex gap={4} wrap>
                  {r.allowed_actions.map((a) => (
                    <Button
                      key={a}
                      size="small"
                      danger={a === "reject"}
                      type={a === "refund" ? "primary" : "default"}
                      loading={
                        run.isPending && run.variables?.returnId === r.id && run.variables.input.action === a
                      }
                      onClick={() => click(r, a)}
                      data-testid={`return-action-${a}`}
                    >
                      {t(`orders.returns.actions.${a}`)}
                    </Button>
                  ))}
                </Flex>
              ),
            },
          ]}
        />
      )}
      <RequestReturnModal
        order={order}
        returnable={returnable}
        open={requesting}
        onClose={() => setRequesting(false)}
      />
      <ReturnActionModal order={order} target={target} onClose={() => setTarget(null)} />
    </Card>
  );
}
