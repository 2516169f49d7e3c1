import { RollbackOutlined } from "@ant-design/icons";
import { App, Button, Card, Empty, Flex, Table, Tag, Typography } from "antd";
import { type HTMLAttributes, useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemAlert } from "../../components/ProblemAlert";
import { toneProps } from "../../lib/actions";
import { useCan } from "../../lib/auth/me";
import { useFormat } from "../../lib/useFormat";
import { type Order, type Return, useOrderReturns } from "./api";
import { returnableUnits } from "./draft";
import { RETURN_STATUS_COLORS } from "./labels";
import { RequestReturnModal } from "./RequestReturnModal";
import { ReturnActionModal, type ReturnTarget } from "./ReturnActionModal";
import {
  NO_RETURN_VALUES,
  type ReturnAction,
  returnActionSpec,
  returnBarActions,
  useReturnAction,
} from "./returnActions";

const RETURNABLE_ORDERS = new Set(["delivered", "completed"]);

function rowAttributes(r: Return): HTMLAttributes<HTMLElement> & { [data: `data-${string}`]: string } {
  return { "data-testid": "return-row", "data-status": r.status };
}

/** The order's returns (RMA) with only their allowed actions, and requesting a new one. */
export function ReturnsCard({ order }: { order: Order }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const canReturn = useCan("orders:return");
  const orderReturnable = RETURNABLE_ORDERS.has(order.status);
  const returns = useOrderReturns(order.id, order.returns.length > 0 || orderReturnable);
  const run = useReturnAction(order.id);
  const [requesting, setRequesting] = useState(false);
  const [target, setTarget] = useState<ReturnTarget | null>(null);
  const rows = returns.data ?? [];
  const returnable = returnableUnits(order.lines, rows);
  const anyLeft = [...returnable.values()].some((n) => n > 0);
  const money = (v: string) => fmt.money(v, order.currency);
  const sku = new Map(order.lines.map((l) => [l.id, l.sku]));

  const click = (ret: Return, action: ReturnAction) => {
    if (returnActionSpec(action).form === "none") {
      run.mutate(
        { ret, action, values: NO_RETURN_VALUES },
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
                  <Typography.Text type="secondary">{fmt.dateTime(r.created_at)}</Typography.Text>
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
                  {returnBarActions(r).map((a) => (
                    <Button
                      key={a}
                      size="small"
                      {...toneProps(returnActionSpec(a).tone)}
                      loading={run.isPending && run.variables?.ret.id === r.id && run.variables.action === a}
                      onClick={() => click(r, a)}
                      data-testid={`return-action-${a}`}
                    >
                      {t(returnActionSpec(a).label)}
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
