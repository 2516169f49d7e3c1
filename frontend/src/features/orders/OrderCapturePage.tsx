import { InboxOutlined, ScanOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { App, Button, Card, Col, Flex, Input, type InputRef, Row, Select } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useMe } from "../../lib/auth/me";
import { invalidateLoyalty, useLoyaltyAccount } from "../../lib/loyalty";
import { findByBarcode } from "../../lib/products";
import { useStoreOptions } from "../../lib/stores";
import { NO_VALUES, useOrderAction } from "./actions";
import {
  createDraft,
  discardOrder,
  getOrder,
  type Order,
  type OrderSummary,
  type Product,
  replaceLines,
  updateDraft,
  useCartQuote,
} from "./api";
import { CaptureLinesTable } from "./CaptureLinesTable";
import { CaptureTotalsCard } from "./CaptureTotalsCard";
import { CustomerPicker, type PickedCustomer } from "./CustomerPicker";
import { addProduct, type DraftLine, toDecimal, toLineIn } from "./draft";
import { ParkedCarts } from "./ParkedCarts";
import { ProductSearchSelect, productName } from "./ProductSearchSelect";
import { ShortStockList } from "./ShortStockList";

/** The till: the cart (store, optional member, lines, discount, note) lives in the page and is
 * priced live; the order is created on submit, or saved as a draft when the cart is parked. */
export function OrderCapturePage() {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const stores = useStoreOptions();
  const [customer, setCustomer] = useState<PickedCustomer | null>(null);
  const [storeId, setStoreId] = useState<string | undefined>();
  const [lines, setLines] = useState<DraftLine[]>([]);
  const [discount, setDiscount] = useState("0");
  const [note, setNote] = useState("");
  const [points, setPoints] = useState(0);
  const [barcode, setBarcode] = useState("");
  // The draft behind the cart once it exists (resumed from the parked list, or created by a submit
  // that then failed): saving again updates it instead of capturing a second order.
  const [draft, setDraft] = useState<Order | null>(null);
  const [parkedOpen, setParkedOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const barcodeRef = useRef<InputRef>(null);
  const submit = useOrderAction();

  // The store defaults to the first store in the user's scope (or the first store listed).
  useEffect(() => {
    if (storeId || !stores.data?.length) return;
    const scoped = me?.scope.store_ids ?? [];
    const first = stores.data.find((s) => scoped.includes(s.value)) ?? stores.data[0];
    setStoreId(first?.value);
  }, [storeId, stores.data, me]);

  const member = useLoyaltyAccount(customer?.id);
  // Points redeemed on a draft are taken already: they stay as they are, priced as a discount.
  const lockedPoints = draft?.points_redeemed ?? 0;
  const pointsOff = lockedPoints > 0 ? Number(draft?.points_discount ?? 0) : 0;
  const quoteDiscount = toDecimal(Number(toDecimal(discount)) + pointsOff);
  const redeem = lockedPoints > 0 || !customer ? 0 : points;
  const body = toLineIn(lines);
  const quote = useCartQuote(
    body.length > 0
      ? {
          lines: body,
          discount: quoteDiscount,
          store_id: storeId ?? null,
          ...(customer && redeem > 0 ? { customer_id: customer.id, redeem_points: redeem } : {}),
        }
      : null,
  );
  const quoted = body.length > 0 ? quote.data : undefined;
  const current =
    quoted !== undefined &&
    JSON.stringify(quoted.lines.map((l) => [l.product_id, l.quantity])) ===
      JSON.stringify(body.map((l) => [l.product_id, l.quantity])) &&
    quoted.discount === quoteDiscount &&
    quoted.points_redeemed === redeem;
  const pricing = body.length > 0 && (quote.isFetching || !current);
  const short = current
    ? (quoted?.lines ?? []).filter((l) => l.available !== null && l.available < l.quantity)
    : [];

  const add = (p: Product) =>
    setLines((prev) => addProduct(prev, { id: p.id, name: productName(p, i18n.language), sku: p.sku }));
  const focusBarcode = () => setTimeout(() => barcodeRef.current?.focus(), 0);

  const onBarcode = async () => {
    const code = barcode.trim();
    if (!code) return;
    setBarcode("");
    try {
      const p = await findByBarcode(code);
      if (p) add(p);
      else message.warning(t("orders.capture.barcodeNotFound", { code }));
    } catch (err) {
      setError(err);
    }
    focusBarcode();
  };

  const clear = () => {
    setLines([]);
    setDiscount("0");
    setNote("");
    setPoints(0);
    setCustomer(null);
    setDraft(null);
    setError(null);
    focusBarcode();
  };

  /** The cart as a draft order: created, or the existing draft updated to match the page. */
  const save = async (): Promise<Order> => {
    if (!storeId) throw new Error("no store");
    if (!draft) {
      const created = await createDraft({
        store_id: storeId,
        channel: "store",
        lines: body,
        discount: toDecimal(discount),
        note,
        ...(customer ? { customer_id: customer.id, redeem_points: redeem } : {}),
      });
      setDraft(created);
      return created;
    }
    const header = await updateDraft(draft.id, draft.version, {
      store_id: storeId,
      customer_id: customer?.id ?? null,
      note,
    });
    const saved = await replaceLines(header.id, body, toDecimal(discount));
    setDraft(saved);
    return saved;
  };

  const run = async (then: (o: Order) => Promise<void>) => {
    setSaving(true);
    setError(null);
    try {
      await then(await save());
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
      void queryClient.invalidateQueries({ queryKey: ["orders", "list"] });
      void invalidateLoyalty(queryClient);
    }
  };

  const doSubmit = () =>
    run(
      (order) =>
        new Promise<void>((resolve) =>
          submit.mutate(
            { order, action: "submit", values: NO_VALUES },
            {
              onSuccess: (o) => {
                message.success(t("orders.capture.submitted", { number: o.number }));
                void navigate({ to: "/orders/$id", params: { id: o.id } });
              },
              onSettled: () => resolve(),
            },
          ),
        ),
    );

  const onSubmit = () => {
    if (short.length === 0) {
      void doSubmit();
      return;
    }
    modal.confirm({
      title: t("orders.capture.shortTitle"),
      content: (
        <ShortStockList
          lines={short.map((l) => ({ sku: l.sku, requested: l.quantity, available: l.available ?? 0 }))}
        />
      ),
      okText: t("orders.capture.submitAnyway"),
      okButtonProps: { "data-testid": "short-submit-anyway" },
      onOk: () => void doSubmit(),
    });
  };

  const onPark = () =>
    run(async (o) => {
      message.success(t("orders.capture.parkedOk", { number: o.number }));
      clear();
    });

  const onResume = async (summary: OrderSummary) => {
    setParkedOpen(false);
    try {
      const o = await getOrder(summary.id);
      setDraft(o);
      setStoreId(o.store_id);
      setCustomer(o.customer_id ? { id: o.customer_id, label: summary.customer_name ?? "" } : null);
      setLines(
        o.lines.map((l) => ({
          product_id: l.product_id,
          name: l.name,
          sku: l.sku,
          quantity: l.quantity,
          discount: l.discount,
        })),
      );
      setDiscount(o.discount);
      setNote(o.note);
      setPoints(o.points_redeemed);
      setError(null);
    } catch (err) {
      setError(err);
    }
  };

  const onDiscard = async (summary: OrderSummary) => {
    try {
      await discardOrder(summary.id);
      if (draft?.id === summary.id) clear();
      message.success(t("orders.capture.discarded", { number: summary.number }));
    } catch (err) {
      setError(err);
    } finally {
      void queryClient.invalidateQueries({ queryKey: ["orders", "list"] });
    }
  };

  const balance = member.data?.balance ?? 0;
  const blocker = !storeId
    ? t("orders.capture.needStore")
    : redeem > balance
      ? t("orders.capture.pointsOverBalance", { balance })
      : body.length === 0
        ? t("orders.capture.needLines")
        : quote.isError
          ? t("orders.capture.fixErrors")
          : pricing
            ? t("orders.capture.pricing")
            : null;

  // Ctrl+Enter (⌘+Enter) submits from anywhere on the page.
  const submitRef = useRef<() => void>(() => {});
  submitRef.current = () => {
    if (blocker === null && !saving) onSubmit();
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
    <div style={{ maxWidth: "100%", overflowX: "hidden" }}>
      <PageHeader
        title={draft ? `${t("orders.capture.title")} · ${draft.number}` : t("orders.capture.title")}
        extra={
          <Button icon={<InboxOutlined />} onClick={() => setParkedOpen(true)} data-testid="order-parked">
            {t("orders.capture.parked")}
          </Button>
        }
      />
      <ProblemAlert error={error ?? quote.error} extra={<ShortStockList error={error} />} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Flex wrap gap={8} align="center">
              <CustomerPicker
                value={customer}
                onChange={(c) => {
                  setCustomer(c);
                  setPoints(0);
                  focusBarcode();
                }}
              />
              <Select
                data-testid="order-store"
                aria-label={t("orders.fields.store")}
                placeholder={t("orders.fields.store")}
                value={storeId}
                onChange={setStoreId}
                options={stores.data ?? []}
                style={{ width: 220, maxWidth: "100%" }}
              />
            </Flex>
            {customer ? null : (
              <div style={{ marginTop: 8 }} data-testid="order-walk-in-hint">
                {t("orders.capture.walkInHint")}
              </div>
            )}
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
                style={{ width: 260, maxWidth: "100%" }}
              />
              <ProductSearchSelect
                testId="order-product-search"
                onPick={(p) => {
                  add(p);
                  focusBarcode();
                }}
                style={{ flex: 1, minWidth: 0, width: 280, maxWidth: "100%" }}
              />
            </Flex>
          </Card>
          <CaptureLinesTable lines={lines} setLines={setLines} quote={quoted} />
        </Col>
        <Col xs={24} lg={8}>
          <CaptureTotalsCard
            quote={quoted}
            discount={discount}
            setDiscount={setDiscount}
            note={note}
            setNote={setNote}
            member={customer && member.data ? member.data : null}
            points={lockedPoints > 0 ? lockedPoints : points}
            setPoints={setPoints}
            pointsLocked={lockedPoints > 0}
            pricing={pricing}
            blocker={blocker}
            busy={saving || submit.isPending}
            onSubmit={onSubmit}
            onPark={() => void onPark()}
          />
        </Col>
      </Row>
      <ParkedCarts
        open={parkedOpen}
        storeId={storeId}
        onClose={() => setParkedOpen(false)}
        onResume={(o) => void onResume(o)}
        onDiscard={(o) => void onDiscard(o)}
      />
    </div>
  );
}
