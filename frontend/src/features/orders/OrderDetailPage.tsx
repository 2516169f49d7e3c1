import { FilePdfOutlined, PrinterOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Skeleton,
  Table,
  Tag,
  Timeline,
  Typography,
} from "antd";
import QRCode from "qrcode";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState, ProblemAlert } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import { useCustomerSummary } from "../../lib/customers";
import { formatDateTime, formatMoney } from "../../lib/format";
import { useOnOpen, useServerErrors } from "../../lib/forms";
import { useStoreOptions } from "../../lib/stores";
import {
  downloadInvoice,
  type Order,
  type OrderAction,
  type OrderLine,
  orderQuery,
  type Product,
  replaceLines,
  useOrder,
  useOrderAction,
} from "./api";
import { DraftHeaderModal } from "./DraftHeaderModal";
import { remainingToFulfil, toDecimal } from "./draft";
import { STATUS_COLORS } from "./labels";
import { PaymentsCard } from "./PaymentsCard";
import { ProductSearchSelect, productName } from "./ProductSearchSelect";
import { ReturnsCard } from "./ReturnsCard";

const route = getRouteApi("/_app/orders/$id");

/** Buttons in display order; only those in the order's allowed_actions are shown. */
const ACTIONS = [
  "submit",
  "approve",
  "reject",
  "fulfil",
  "ship",
  "deliver",
  "complete",
  "update_lines",
  "edit",
  "cancel",
] as const;
type ActionName = (typeof ACTIONS)[number];
const NEEDS_FORM: ActionName[] = ["reject", "cancel", "fulfil", "ship", "edit", "update_lines"];

export function trackingUrl(origin: string, token: string): string {
  return `${origin}/track/${encodeURIComponent(token)}`;
}

function TrackingCard({ order }: { order: Order }) {
  const { t } = useTranslation();
  const url = trackingUrl(window.location.origin, order.tracking_token);
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(url, { margin: 1, width: 160 })
      .then((data) => live && setQr(data))
      .catch(() => setQr(null));
    return () => {
      live = false;
    };
  }, [url]);
  return (
    <Card size="small" title={t("orders.tracking.title")} style={{ marginBottom: 16 }} className="printable">
      <Flex gap={16} align="center" wrap>
        {qr ? (
          <img src={qr} alt={t("orders.tracking.qr")} width={160} height={160} data-testid="tracking-qr" />
        ) : null}
        <Flex vertical gap={8}>
          <Typography.Text strong>{order.number}</Typography.Text>
          <Typography.Link href={url} target="_blank" copyable data-testid="tracking-link">
            {url}
          </Typography.Link>
          <Button icon={<PrinterOutlined />} onClick={() => window.print()} style={{ width: "fit-content" }}>
            {t("orders.tracking.print")}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}

/** A product added to the order in the edit dialog (not yet a line). */
interface AddedLine {
  product_id: string;
  sku: string;
  name: string;
}

/** One row of the quantities table: an existing line, or a product being added. */
interface QuantityRow {
  key: string;
  sku: string;
  name: string;
  quantity: number | null;
  fulfilled: number | null;
  line: OrderLine | null;
}

const newLineKey = (productId: string) => `new:${productId}`;

function quantityRows(lines: OrderLine[], added: AddedLine[]): QuantityRow[] {
  return [
    ...lines.map((l) => ({
      key: l.id,
      sku: l.sku,
      name: l.name,
      quantity: l.quantity,
      fulfilled: l.fulfilled_quantity,
      line: l,
    })),
    ...added.map((a) => ({
      key: newLineKey(a.product_id),
      sku: a.sku,
      name: a.name,
      quantity: null,
      fulfilled: null,
      line: null,
    })),
  ];
}

interface FormValues {
  reason?: string;
  carrier?: string;
  tracking_number?: string;
  note?: string;
  quantities?: Record<string, number | null>;
}

function ActionModal({
  order,
  action,
  onClose,
}: {
  order: Order;
  action: ActionName | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const run = useOrderAction(order.id);
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const [added, setAdded] = useState<AddedLine[]>([]);
  const server = useServerErrors(form, ["reason", "carrier", "tracking_number", "note", "lines"]);

  useOnOpen(action !== null, () => {
    server.reset();
    const quantities: Record<string, number> = {};
    for (const l of order.lines) {
      quantities[l.id] = action === "fulfil" ? remainingToFulfil(l) : l.quantity;
    }
    setAdded([]);
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
    let payload: OrderAction | null = null;
    if (action === "reject" || action === "cancel") payload = { action, reason: (v.reason ?? "").trim() };
    if (action === "ship") {
      payload = { action, body: { carrier: v.carrier ?? "", tracking_number: v.tracking_number ?? "" } };
    }
    if (action === "fulfil") {
      const fl = order.lines
        .map((l) => ({ line_id: l.id, quantity: q[l.id] ?? 0 }))
        .filter((l) => l.quantity > 0);
      payload = { action, body: { lines: fl } };
    }
    if (action === "edit") payload = { action, lines, note: v.note ?? "", version: order.version };
    setPending(true);
    try {
      if (action === "update_lines") {
        queryClient.setQueryData(
          orderQuery(order.id).queryKey,
          await replaceLines(order.id, lines, toDecimal(order.discount)),
        );
      } else if (payload) {
        await run.mutateAsync(payload);
      }
      message.success(t("orders.actionDone"));
      onClose();
    } catch (err) {
      server.handle(err);
    } finally {
      setPending(false);
    }
  };

  const showQuantities = action === "fulfil" || action === "edit" || action === "update_lines";
  return (
    <Modal
      open={action !== null}
      title={action ? t(`orders.actions.${action}`) : ""}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.confirm")}
      okButtonProps={{ loading: pending, "data-testid": "action-confirm" }}
      destroyOnHidden
      width={showQuantities ? 640 : 480}
    >
      <ProblemAlert error={server.error} />
      <Form form={form} layout="vertical" onFinish={(v) => void finish(v)}>
        {action === "reject" || action === "cancel" ? (
          <Form.Item
            label={t("orders.fields.reason")}
            name="reason"
            rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
          >
            <Input.TextArea rows={3} autoFocus data-testid="action-reason" />
          </Form.Item>
        ) : null}
        {action === "ship" ? (
          <>
            <Form.Item
              label={t("orders.fields.carrier")}
              name="carrier"
              rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
            >
              <Input autoFocus data-testid="ship-carrier" />
            </Form.Item>
            <Form.Item
              label={t("orders.fields.trackingNumber")}
              name="tracking_number"
              rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
            >
              <Input data-testid="ship-tracking" />
            </Form.Item>
          </>
        ) : null}
        {showQuantities && action !== "fulfil" ? (
          <ProductSearchSelect
            testId="action-add-product"
            onPick={addProductLine}
            style={{ width: "100%", marginBottom: 12 }}
          />
        ) : null}
        {showQuantities ? (
          <Table<QuantityRow>
            rowKey="key"
            size="small"
            pagination={false}
            dataSource={quantityRows(order.lines, action === "fulfil" ? [] : added)}
            columns={[
              { key: "name", title: t("orders.fields.product"), render: (_, l) => `${l.name} (${l.sku})` },
              { key: "ordered", title: t("orders.fields.quantity"), render: (_, l) => l.quantity ?? "—" },
              { key: "fulfilled", title: t("orders.fields.fulfilled"), render: (_, l) => l.fulfilled ?? "—" },
              {
                key: "q",
                title: action === "fulfil" ? t("orders.fields.fulfilNow") : t("orders.fields.newQuantity"),
                render: (_, l) => (
                  <Form.Item name={["quantities", l.key]} noStyle>
                    <InputNumber
                      min={0}
                      max={action === "fulfil" && l.line ? remainingToFulfil(l.line) : undefined}
                      precision={0}
                      aria-label={`${l.sku} ${t("orders.fields.quantity")}`}
                      data-testid="action-line-quantity"
                    />
                  </Form.Item>
                ),
              },
            ]}
          />
        ) : null}
        {action === "edit" ? (
          <Form.Item label={t("orders.fields.note")} name="note" style={{ marginTop: 16 }}>
            <Input.TextArea rows={2} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

export function OrderDetailPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { id } = route.useParams();
  const order = useOrder(id);
  const run = useOrderAction(id);
  const stores = useStoreOptions();
  const customer = useCustomerSummary(order.data?.customer_id, useCan("customers:read"));
  const [modal, setModal] = useState<ActionName | null>(null);
  const [editingHeader, setEditingHeader] = useState(false);
  const [invoiceError, setInvoiceError] = useState<unknown>(null);
  const [invoiceLoading, setInvoiceLoading] = useState(false);
  const storeName = useMemo(() => new Map((stores.data ?? []).map((s) => [s.value, s.label])), [stores.data]);

  // A failed background refresh keeps the page (and any open dialog) as it was.
  if (order.isError && !order.data) return <ErrorState error={order.error} />;
  if (!order.data) return <Skeleton active />;
  const o = order.data;
  const money = (v: string) => formatMoney(v, i18n.language, o.currency);
  const allowed = ACTIONS.filter((a) => o.allowed_actions.includes(a));

  const click = (a: ActionName) => {
    if (NEEDS_FORM.includes(a)) {
      setModal(a);
      return;
    }
    if (a === "submit" || a === "approve" || a === "deliver" || a === "complete") {
      run.mutate({ action: a }, { onSuccess: () => message.success(t("orders.actionDone")) });
    }
  };

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
        extra={[
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
          o.allowed_actions.includes("update_lines") ? (
            <Button key="header" onClick={() => setEditingHeader(true)} data-testid="order-edit-header">
              {t("orders.header.edit")}
            </Button>
          ) : null,
          ...allowed.map((a) => (
            <Button
              key={a}
              type={a === "approve" || a === "submit" ? "primary" : "default"}
              danger={a === "reject" || a === "cancel"}
              loading={run.isPending && run.variables?.action === a}
              onClick={() => click(a)}
              data-testid={`order-action-${a}`}
            >
              {t(`orders.actions.${a}`)}
            </Button>
          )),
        ]}
      />
      <ProblemAlert error={run.error ?? invoiceError} />
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t("orders.fields.customer")}>
                {customer.data ? (
                  <Link to="/customers/$id" params={{ id: o.customer_id }}>
                    {customer.data.name}
                  </Link>
                ) : (
                  "—"
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t("orders.fields.store")}>
                {storeName.get(o.store_id) ?? "—"}
              </Descriptions.Item>
              <Descriptions.Item label={t("orders.fields.channel")}>
                {t(`orders.channel.${o.channel}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t("common.createdAt")}>
                {formatDateTime(o.created_at, i18n.language)}
              </Descriptions.Item>
              <Descriptions.Item label={t("orders.fields.requiresApproval")}>
                {o.requires_approval ? t("common.yes") : t("common.no")}
              </Descriptions.Item>
              <Descriptions.Item label={t("orders.fields.note")}>{o.note || "—"}</Descriptions.Item>
              {o.reject_reason ? (
                <Descriptions.Item label={t("orders.fields.rejectReason")}>
                  {o.reject_reason}
                </Descriptions.Item>
              ) : null}
              {o.cancel_reason ? (
                <Descriptions.Item label={t("orders.fields.cancelReason")}>
                  {o.cancel_reason}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
          <Table<OrderLine>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={o.lines}
            style={{ marginBottom: 16 }}
            columns={[
              { key: "no", title: "#", dataIndex: "line_no" },
              { key: "name", title: t("orders.fields.product"), render: (_, l) => `${l.name} (${l.sku})` },
              { key: "price", title: t("orders.fields.unitPrice"), render: (_, l) => money(l.unit_price) },
              { key: "qty", title: t("orders.fields.quantity"), dataIndex: "quantity" },
              { key: "disc", title: t("orders.fields.lineDiscount"), render: (_, l) => money(l.discount) },
              { key: "ful", title: t("orders.fields.fulfilled"), dataIndex: "fulfilled_quantity" },
              { key: "ship", title: t("orders.fields.shipped"), dataIndex: "shipped_quantity" },
              {
                key: "total",
                title: t("orders.fields.lineTotal"),
                align: "right",
                render: (_, l) => money(l.line_total),
              },
            ]}
          />
          <Card size="small" title={t("orders.fulfilments")} style={{ marginBottom: 16 }}>
            {o.fulfilments.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={o.fulfilments}
                columns={[
                  {
                    key: "status",
                    title: t("orders.fields.status"),
                    render: (_, f) => t(`orders.fulfilmentStatus.${f.status}`, f.status),
                  },
                  {
                    key: "lines",
                    title: t("orders.fields.lines"),
                    render: (_, f) =>
                      f.lines
                        .map((fl) => {
                          const line = o.lines.find((l) => l.id === fl.line_id);
                          return `${line?.sku ?? "?"} × ${fl.quantity}`;
                        })
                        .join(", "),
                  },
                  { key: "carrier", title: t("orders.fields.carrier"), render: (_, f) => f.carrier || "—" },
                  {
                    key: "tn",
                    title: t("orders.fields.trackingNumber"),
                    render: (_, f) => f.tracking_number || "—",
                  },
                  {
                    key: "shipped",
                    title: t("orders.fields.shippedAt"),
                    render: (_, f) => formatDateTime(f.shipped_at, i18n.language),
                  },
                ]}
              />
            )}
          </Card>
          <PaymentsCard order={o} />
          <ReturnsCard order={o} />
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t("orders.totals")} style={{ marginBottom: 16 }}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t("orders.fields.subtotal")}>{money(o.subtotal)}</Descriptions.Item>
              <Descriptions.Item label={t("orders.fields.discountTotal")}>
                {money(o.discount_total)}
              </Descriptions.Item>
              <Descriptions.Item label={t("orders.fields.taxTotal")}>{money(o.tax_total)}</Descriptions.Item>
              <Descriptions.Item label={t("orders.fields.total")}>
                <Typography.Text strong data-testid="order-total">
                  {money(o.total)}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t("orders.fields.paidTotal")}>
                {money(o.payments.paid_total)}
              </Descriptions.Item>
              <Descriptions.Item label={t("orders.fields.refundedTotal")}>
                {money(o.payments.refunded_total)}
              </Descriptions.Item>
              <Descriptions.Item label={t("orders.fields.balanceDue")}>
                <Typography.Text strong>{money(o.payments.balance_due)}</Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <TrackingCard order={o} />
          <Card size="small" title={t("orders.timeline")}>
            <Timeline
              data-testid="order-timeline"
              items={o.events.map((e) => ({
                key: e.id,
                content: (
                  <>
                    <Typography.Text strong>{t(`orders.event.${e.kind}`, e.kind)}</Typography.Text>
                    {e.from_status && e.to_status && e.from_status !== e.to_status ? (
                      <Typography.Text type="secondary">
                        {" "}
                        {t(`orders.status.${e.from_status}`, e.from_status)} →{" "}
                        {t(`orders.status.${e.to_status}`, e.to_status)}
                      </Typography.Text>
                    ) : null}
                    <div>
                      <Typography.Text type="secondary">
                        {formatDateTime(e.created_at, i18n.language)} · {e.actor_label}
                      </Typography.Text>
                    </div>
                    {e.note ? <div>{e.note}</div> : null}
                  </>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      <ActionModal order={o} action={modal} onClose={() => setModal(null)} />
      <DraftHeaderModal
        order={o}
        customerName={customer.data?.name}
        open={editingHeader}
        onClose={() => setEditingHeader(false)}
      />
    </>
  );
}
