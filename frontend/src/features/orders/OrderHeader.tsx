import { FilePdfOutlined, PrinterOutlined } from "@ant-design/icons";
import { Link } from "@tanstack/react-router";
import { App, Button, Flex, Grid, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { ProblemAlert } from "../../components/ProblemAlert";
import { toneProps } from "../../lib/actions";
import { NO_VALUES, type OrderAction, orderActionSpec, orderBarActions, useOrderAction } from "./actions";
import { downloadInvoice, type Order } from "./api";
import { STATUS_COLORS } from "./labels";
import { ShortStockList } from "./ShortStockList";

/**
 * The order's number and status, the invoice download, and one button per allowed action (from
 * the registry). Actions without a form run on click; the others ask `onOpen` for their dialog.
 */
export function OrderHeader({
  order: o,
  onOpen,
  onEditHeader,
}: {
  order: Order;
  onOpen: (action: OrderAction) => void;
  onEditHeader: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const run = useOrderAction();
  const [invoiceError, setInvoiceError] = useState<unknown>(null);
  const [invoiceLoading, setInvoiceLoading] = useState(false);
  // On a phone the actions sit in a bar at the bottom of the screen, in reach of the thumb.
  const narrow = !(Grid.useBreakpoint().md ?? true);

  const click = (a: OrderAction) => {
    if (orderActionSpec(a).form !== "none") {
      onOpen(a);
      return;
    }
    run.mutate(
      { order: o, action: a, values: NO_VALUES },
      { onSuccess: () => message.success(t("orders.actionDone")) },
    );
  };

  const actions = [
    o.status !== "draft" ? (
      <Button
        key="invoice"
        icon={<FilePdfOutlined />}
        loading={invoiceLoading}
        data-testid="order-invoice"
        onClick={() => {
          setInvoiceError(null);
          setInvoiceLoading(true);
          downloadInvoice(o.id, o.number)
            .catch(setInvoiceError)
            .finally(() => setInvoiceLoading(false));
        }}
      >
        {t("orders.invoice")}
      </Button>
    ) : null,
    o.status !== "draft" ? (
      <Link key="receipt" to="/orders/$id/receipt" params={{ id: o.id }}>
        <Button icon={<PrinterOutlined />} data-testid="order-receipt">
          {t("orders.receipt.open")}
        </Button>
      </Link>
    ) : null,
    o.allowed_actions.includes("update_lines") ? (
      <Button key="header" onClick={onEditHeader} data-testid="order-edit-header">
        {t("orders.header.edit")}
      </Button>
    ) : null,
    ...orderBarActions(o).map((a) => (
      <Button
        key={a}
        {...toneProps(orderActionSpec(a).tone)}
        loading={run.isPending && run.variables?.action === a}
        onClick={() => click(a)}
        data-testid={`order-action-${a}`}
      >
        {t(orderActionSpec(a).label)}
      </Button>
    )),
  ];

  return (
    <>
      <PageHeader
        title={
          <Flex align="center" gap={8}>
            <span data-testid="order-number">{o.number}</span>
            <Tag color={STATUS_COLORS[o.status]} data-testid="order-detail-status" data-status={o.status}>
              {t(`orders.status.${o.status}`)}
            </Tag>
          </Flex>
        }
        extra={narrow ? undefined : actions}
      />
      {narrow && actions.some(Boolean) ? (
        <Flex
          gap={8}
          wrap
          justify="flex-end"
          data-testid="order-actions-bar"
          style={{
            position: "fixed",
            insetInline: 0,
            bottom: 0,
            zIndex: 10,
            background: "#fff",
            borderTop: "1px solid #f0f0f0",
            padding: "8px 12px calc(8px + env(safe-area-inset-bottom))",
          }}
        >
          {actions}
        </Flex>
      ) : null}
      <ProblemAlert error={run.error ?? invoiceError} extra={<ShortStockList error={run.error} />} />
    </>
  );
}
