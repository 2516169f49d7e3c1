import { DeleteOutlined, PlusOutlined, ScanOutlined } from "@ant-design/icons";
import { useNavigate } from "@tanstack/react-router";
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  type InputRef,
  Modal,
  Row,
  Select,
  Spin,
  Table,
  Typography,
} from "antd";
import { type HTMLAttributes, useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useMe } from "../../lib/auth/me";
import { useCustomerSearch, useQuickCreateCustomer } from "../../lib/customers";
import { formatMoney, formatPhone, normalizePhone } from "../../lib/format";
import { useServerErrors } from "../../lib/forms";
import { findByBarcode } from "../../lib/products";
import { useStoreOptions } from "../../lib/stores";
import { NO_VALUES, useOrderAction } from "./actions";
import { createDraft, type Order, type Product, replaceLines } from "./api";
import { addProduct, type DraftLine, pricingKey, toDecimal, toLineIn } from "./draft";
import { ProductSearchSelect, productName } from "./ProductSearchSelect";

function QuickCustomerModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (c: { id: string; name: string; phone: string | null }) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; phone: string }>();
  const create = useQuickCreateCustomer();
  const server = useServerErrors(form, ["name", "phone"]);
  return (
    <Modal
      open={open}
      title={t("orders.capture.newCustomer")}
      onCancel={onClose}
      okText={t("common.save")}
      okButtonProps={{ loading: create.isPending, "data-testid": "quick-customer-save" }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <ProblemAlert error={server.error} />
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(v) => {
          server.reset();
          create.mutate(
            { name: v.name.trim(), phone: normalizePhone(v.phone ?? "") },
            {
              onSuccess: (c) => {
                onCreated(c);
                form.resetFields();
              },
              onError: server.handle,
            },
          );
        }}
      >
        <Form.Item
          label={t("customers.fields.name")}
          name="name"
          rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
        >
          <Input autoFocus maxLength={100} />
        </Form.Item>
        <Form.Item label={t("customers.fields.phone")} name="phone">
          <Input inputMode="tel" placeholder="13800138000" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function OrderCapturePage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const stores = useStoreOptions();
  const [customer, setCustomer] = useState<{ id: string; label: string } | null>(null);
  const [customerQ, setCustomerQ] = useState("");
  const customers = useCustomerSearch(customerQ);
  const [storeId, setStoreId] = useState<string | undefined>();
  const [lines, setLines] = useState<DraftLine[]>([]);
  const [discount, setDiscount] = useState("0");
  const [note, setNote] = useState("");
  const [draft, setDraft] = useState<Order | null>(null);
  const [syncedKey, setSyncedKey] = useState("");
  const [syncError, setSyncError] = useState<unknown>(null);
  const [barcode, setBarcode] = useState("");
  const [quickOpen, setQuickOpen] = useState(false);
  const barcodeRef = useRef<InputRef>(null);
  const submit = useOrderAction();

  // The store defaults to the first store in the user's scope (or the first store listed).
  useEffect(() => {
    if (storeId || !stores.data?.length) return;
    const scoped = me?.scope.store_ids ?? [];
    const first = stores.data.find((s) => scoped.includes(s.value)) ?? stores.data[0];
    setStoreId(first?.value);
  }, [storeId, stores.data, me]);

  const add = (p: Product) =>
    setLines((prev) => addProduct(prev, { id: p.id, name: productName(p, i18n.language), sku: p.sku }));
  const focusBarcode = () => setTimeout(() => barcodeRef.current?.focus(), 0);

  // Live pricing: the draft is created with the first line, then its lines replaced as they change.
  const state = useRef({ lines, discount, note, customer, storeId, draft });
  state.current = { lines, discount, note, customer, storeId, draft };
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const sync = useCallback((): Promise<unknown> => {
    chain.current = chain.current.then(async () => {
      const s = state.current;
      const key = pricingKey(s.lines, s.discount);
      const body = toLineIn(s.lines);
      if (!s.customer || !s.storeId || body.length === 0) return;
      if (s.draft && key === pricingKey(draftLines(s.draft), s.draft.discount)) {
        setSyncedKey(key);
        return;
      }
      try {
        const order = s.draft
          ? await replaceLines(s.draft.id, body, toDecimal(s.discount))
          : await createDraft({
              customer_id: s.customer.id,
              store_id: s.storeId,
              channel: "store",
              lines: body,
              discount: toDecimal(s.discount),
              note: s.note,
            });
        state.current.draft = order;
        setDraft(order);
        setSyncedKey(key);
        setSyncError(null);
      } catch (err) {
        setSyncError(err);
      }
    });
    return chain.current;
  }, []);

  const key = pricingKey(lines, discount);
  const hasLines = toLineIn(lines).length > 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is what changes the price; sync reads refs.
  useEffect(() => {
    if (!customer || !storeId || !hasLines) return;
    const timer = setTimeout(() => void sync(), 300);
    return () => clearTimeout(timer);
  }, [key, customer, storeId, hasLines, sync]);

  const onBarcode = async () => {
    const code = barcode.trim();
    if (!code) return;
    setBarcode("");
    try {
      const p = await findByBarcode(code);
      if (p) add(p);
      else message.warning(t("orders.capture.barcodeNotFound", { code }));
    } catch (err) {
      setSyncError(err);
    }
    focusBarcode();
  };

  const onSubmit = async () => {
    await sync();
    const order = state.current.draft;
    if (!order) return;
    submit.mutate(
      { order, action: "submit", values: NO_VALUES },
      {
        onSuccess: (o) => {
          message.success(t("orders.capture.submitted", { number: o.number }));
          void navigate({ to: "/orders/$id", params: { id: o.id } });
        },
      },
    );
  };

  const canSubmit = Boolean(customer && storeId && toLineIn(lines).length > 0) && !submit.isPending;
  const pricing = Boolean(draft) && key !== syncedKey;
  const serverLine = (productId: string) => draft?.lines.find((l) => l.product_id === productId);
  const money = (v: string | undefined) => (v === undefined ? "—" : formatMoney(v, i18n.language));

  // Ctrl+Enter (⌘+Enter) submits from anywhere on the page.
  const submitRef = useRef<() => void>(() => {});
  submitRef.current = () => {
    if (canSubmit) void onSubmit();
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        submitRef.current();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <div>
      <PageHeader
        title={draft ? `${t("orders.capture.title")} · ${draft.number}` : t("orders.capture.title")}
      />
      <ProblemAlert error={syncError ?? submit.error} />
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Flex wrap gap={8} align="center">
              <Select
                data-testid="order-customer"
                aria-label={t("orders.fields.customer")}
                placeholder={t("orders.capture.customerSearch")}
                showSearch={{ filterOption: false, onSearch: setCustomerQ }}
                disabled={Boolean(draft)}
                value={customer?.id}
                labelRender={() => customer?.label}
                onChange={(id) => {
                  const c = customers.data?.items.find((x) => x.id === id);
                  if (c) setCustomer({ id: c.id, label: `${c.name} ${c.phone ? formatPhone(c.phone) : ""}` });
                  focusBarcode();
                }}
                notFoundContent={customers.isFetching ? <Spin size="small" /> : null}
                options={(customers.data?.items ?? []).map((c) => ({
                  value: c.id,
                  label: `${c.name} ${c.phone ? formatPhone(c.phone) : ""}`,
                }))}
                style={{ width: 320 }}
              />
              <Button
                icon={<PlusOutlined />}
                disabled={Boolean(draft)}
                onClick={() => setQuickOpen(true)}
                data-testid="order-customer-new"
              >
                {t("orders.capture.newCustomer")}
              </Button>
              <Select
                data-testid="order-store"
                aria-label={t("orders.fields.store")}
                placeholder={t("orders.fields.store")}
                disabled={Boolean(draft)}
                value={storeId}
                onChange={setStoreId}
                options={stores.data ?? []}
                style={{ width: 220 }}
              />
            </Flex>
          </Card>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Flex wrap gap={8}>
              <Input
                ref={barcodeRef}
                autoFocus
                data-testid="order-barcode"
                aria-label={t("orders.capture.barcode")}
                placeholder={t("orders.capture.barcode")}
                prefix={<ScanOutlined />}
                value={barcode}
                onChange={(e) => setBarcode(e.target.value)}
                onPressEnter={() => void onBarcode()}
                style={{ width: 260 }}
              />
              <ProductSearchSelect
                testId="order-product-search"
                onPick={(p) => {
                  add(p);
                  focusBarcode();
                }}
                style={{ flex: 1, minWidth: 280 }}
              />
            </Flex>
          </Card>
          <Table<DraftLine>
            rowKey="product_id"
            size="small"
            pagination={false}
            dataSource={lines}
            onRow={lineAttributes}
            locale={{ emptyText: t("orders.capture.noLines") }}
            columns={[
              { key: "name", title: t("orders.fields.product"), render: (_, l) => `${l.name} (${l.sku})` },
              {
                key: "price",
                title: t("orders.fields.unitPrice"),
                render: (_, l) => money(serverLine(l.product_id)?.unit_price),
              },
              {
                key: "qty",
                title: t("orders.fields.quantity"),
                render: (_, l) => (
                  <InputNumber
                    aria-label={t("orders.fields.quantity")}
                    data-testid="line-quantity"
                    min={1}
                    precision={0}
                    value={l.quantity}
                    onChange={(v) =>
                      setLines((prev) =>
                        prev.map((x) => (x.product_id === l.product_id ? { ...x, quantity: v ?? 1 } : x)),
                      )
                    }
                  />
                ),
              },
              {
                key: "discount",
                title: t("orders.fields.lineDiscount"),
                render: (_, l) => (
                  <InputNumber
                    aria-label={t("orders.fields.lineDiscount")}
                    min={0}
                    precision={2}
                    value={Number(l.discount)}
                    onChange={(v) =>
                      setLines((prev) =>
                        prev.map((x) =>
                          x.product_id === l.product_id ? { ...x, discount: String(v ?? 0) } : x,
                        ),
                      )
                    }
                  />
                ),
              },
              {
                key: "total",
                title: t("orders.fields.lineTotal"),
                align: "right",
                render: (_, l) => money(serverLine(l.product_id)?.line_total),
              },
              {
                key: "remove",
                render: (_, l) => (
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t("common.delete")}
                    onClick={() => setLines((prev) => prev.filter((x) => x.product_id !== l.product_id))}
                  />
                ),
              },
            ]}
          />
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t("orders.totals")}>
            <Form layout="vertical">
              <Form.Item label={t("orders.fields.orderDiscount")}>
                <InputNumber
                  data-testid="order-discount"
                  min={0}
                  precision={2}
                  value={Number(discount)}
                  onChange={(v) => setDiscount(String(v ?? 0))}
                  style={{ width: "100%" }}
                />
              </Form.Item>
              <Form.Item
                label={t("orders.fields.note")}
                extra={draft ? t("orders.capture.noteLocked") : undefined}
              >
                <Input.TextArea
                  data-testid="order-note"
                  rows={2}
                  maxLength={1000}
                  value={note}
                  disabled={Boolean(draft)}
                  onChange={(e) => setNote(e.target.value)}
                />
              </Form.Item>
            </Form>
            <Spin spinning={pricing}>
              <Descriptions column={1} size="small" bordered>
                <Descriptions.Item label={t("orders.fields.subtotal")}>
                  {money(draft?.subtotal)}
                </Descriptions.Item>
                <Descriptions.Item label={t("orders.fields.discountTotal")}>
                  {money(draft?.discount_total)}
                </Descriptions.Item>
                <Descriptions.Item label={t("orders.fields.taxTotal")}>
                  {money(draft?.tax_total)}
                </Descriptions.Item>
                <Descriptions.Item label={t("orders.fields.total")}>
                  <Typography.Text strong data-testid="order-total">
                    {money(draft?.total)}
                  </Typography.Text>
                </Descriptions.Item>
              </Descriptions>
            </Spin>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              {t("orders.capture.keyboardHint")}
            </Typography.Paragraph>
            <Button
              type="primary"
              block
              size="large"
              disabled={!canSubmit}
              loading={submit.isPending}
              onClick={() => void onSubmit()}
              data-testid="order-submit"
            >
              {t("orders.capture.submit")}
            </Button>
          </Card>
        </Col>
      </Row>
      <QuickCustomerModal
        open={quickOpen}
        onClose={() => setQuickOpen(false)}
        onCreated={(c) => {
          setCustomer({ id: c.id, label: `${c.name} ${c.phone ? formatPhone(c.phone) : ""}` });
          setQuickOpen(false);
          focusBarcode();
        }}
      />
    </div>
  );
}

/** Stable hooks for browser tests on each line. */
function lineAttributes(l: DraftLine): HTMLAttributes<HTMLElement> & { [data: `data-${string}`]: string } {
  return { "data-testid": "order-line", "data-product": l.product_id };
}

function draftLines(order: Order): DraftLine[] {
  return order.lines.map((l) => ({
    product_id: l.product_id,
    name: l.name,
    sku: l.sku,
    quantity: l.quantity,
    discount: l.discount,
  }));
}
