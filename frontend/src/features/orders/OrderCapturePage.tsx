import { PlusOutlined, ScanOutlined } from "@ant-design/icons";
import { useNavigate } from "@tanstack/react-router";
import { App, Button, Card, Col, Flex, Input, type InputRef, Row, Select, Spin } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useMe } from "../../lib/auth/me";
import { useCustomerSearch } from "../../lib/customers";
import { findByBarcode } from "../../lib/products";
import { useStoreOptions } from "../../lib/stores";
import { useFormat } from "../../lib/useFormat";
import { NO_VALUES, useOrderAction } from "./actions";
import type { Product } from "./api";
import { CaptureLinesTable } from "./CaptureLinesTable";
import { CaptureTotalsCard } from "./CaptureTotalsCard";
import { addProduct, type DraftLine, toLineIn } from "./draft";
import { ProductSearchSelect, productName } from "./ProductSearchSelect";
import { QuickCustomerModal } from "./QuickCustomerModal";
import { useLiveDraft } from "./useLiveDraft";

/** The till: customer and store, barcode scan or search, lines priced live, then submit. */
export function OrderCapturePage() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
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

  const { draft, draftRef, priced, sync, syncError, setSyncError } = useLiveDraft({
    lines,
    discount,
    note,
    customer,
    storeId,
  });

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
    const order = draftRef.current.draft;
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
  const pricing = Boolean(draft) && !priced;

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
                  if (c) setCustomer({ id: c.id, label: `${c.name} ${c.phone ? fmt.phone(c.phone) : ""}` });
                  focusBarcode();
                }}
                notFoundContent={customers.isFetching ? <Spin size="small" /> : null}
                options={(customers.data?.items ?? []).map((c) => ({
                  value: c.id,
                  label: `${c.name} ${c.phone ? fmt.phone(c.phone) : ""}`,
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
          <CaptureLinesTable lines={lines} setLines={setLines} draft={draft} />
        </Col>
        <Col xs={24} lg={8}>
          <CaptureTotalsCard
            draft={draft}
            discount={discount}
            setDiscount={setDiscount}
            note={note}
            setNote={setNote}
            pricing={pricing}
            canSubmit={canSubmit}
            submitting={submit.isPending}
            onSubmit={() => void onSubmit()}
          />
        </Col>
      </Row>
      <QuickCustomerModal
        open={quickOpen}
        onClose={() => setQuickOpen(false)}
        onCreated={(c) => {
          setCustomer({ id: c.id, label: `${c.name} ${c.phone ? fmt.phone(c.phone) : ""}` });
          setQuickOpen(false);
          focusBarcode();
        }}
      />
    </div>
  );
}
