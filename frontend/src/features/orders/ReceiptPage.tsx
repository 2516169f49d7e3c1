import { PrinterOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { Button, Flex, Skeleton } from "antd";
import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorState } from "../../components/ProblemAlert";
import { api, unwrap } from "../../lib/api/client";
import { useMe } from "../../lib/auth/me";
import { useFormat } from "../../lib/useFormat";
import { useOrder } from "./api";
import { rememberedChange } from "./change";
import "./receipt.css";

const route = getRouteApi("/_app/orders/$id/receipt");

/** An 80 mm thermal receipt of the order, in the reader's language and the tenant's time zone,
 * with a QR code to the public tracking page. The browser's print dialog prints only the slip. */
export function ReceiptPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { id } = route.useParams();
  const order = useOrder(id);
  const { data: me } = useMe();
  const storeId = order.data?.store_id;
  const store = useQuery({
    queryKey: ["stores", "detail", storeId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/stores/{store_id}", { params: { path: { store_id: storeId ?? "" } } })),
    enabled: Boolean(storeId),
  });
  const [qr, setQr] = useState<string>("");
  const token = order.data?.tracking_token;
  const trackingUrl = token ? `${window.location.origin}/track/${token}` : "";
  useEffect(() => {
    if (!trackingUrl) return;
    void QRCode.toDataURL(trackingUrl, { margin: 0, width: 160 }).then(setQr);
  }, [trackingUrl]);

  if (order.isError) return <ErrorState error={order.error} />;
  if (!order.data || !me) return <Skeleton active />;
  const o = order.data;
  const money = (v: string) => fmt.money(v, o.currency);
  const when = fmt.dateTime(o.submitted_at ?? o.created_at);
  const payments = o.payment_records.filter((p) => !p.return_id);
  const cash = payments.map((p) => (p.method === "cash" ? rememberedChange(p.id) : null));

  return (
    <div>
      <Flex gap={8} className="receipt-toolbar" style={{ marginBottom: 16 }}>
        <Button
          type="primary"
          icon={<PrinterOutlined />}
          onClick={() => window.print()}
          data-testid="receipt-print"
        >
          {t("orders.receipt.print")}
        </Button>
      </Flex>
      <div className="receipt" data-testid="receipt">
        <div className="receipt-center receipt-strong">{me.tenant.name}</div>
        {store.data ? (
          <div className="receipt-center" data-testid="receipt-store">
            <div>{store.data.name}</div>
            {store.data.address ? <div>{store.data.address}</div> : null}
            {store.data.phone ? <div>{store.data.phone}</div> : null}
          </div>
        ) : null}
        <hr />
        <div>
          {t("orders.fields.number")}: <span data-testid="receipt-number">{o.number}</span>
        </div>
        <div>{when}</div>
        <div>
          {t("orders.fields.customer")}:{" "}
          {o.customer_id === null
            ? t("orders.walkIn")
            : `${o.customer_name ?? ""} (${t("orders.receipt.member")})`}
        </div>
        <hr />
        {o.lines.map((l) => (
          <div key={l.id} className="receipt-line">
            <div>{l.name}</div>
            <div className="receipt-row">
              <span>
                {l.quantity} × {money(l.unit_price)}
              </span>
              <span>{money(l.line_total)}</span>
            </div>
          </div>
        ))}
        <hr />
        <div className="receipt-row">
          <span>{t("orders.fields.subtotal")}</span>
          <span>{money(o.subtotal)}</span>
        </div>
        {Number(o.discount_total) > 0 ? (
          <div className="receipt-row">
            <span>{t("orders.fields.discountTotal")}</span>
            <span>-{money(o.discount_total)}</span>
          </div>
        ) : null}
        {o.points_redeemed > 0 ? (
          <div className="receipt-row">
            <span>{t("orders.fields.pointsDiscount", { points: o.points_redeemed })}</span>
            <span>-{money(o.points_discount)}</span>
          </div>
        ) : null}
        <div className="receipt-row">
          <span>{t("orders.fields.taxTotal")}</span>
          <span>{money(o.tax_total)}</span>
        </div>
        <div className="receipt-row receipt-strong">
          <span>{t("orders.fields.total")}</span>
          <span data-testid="receipt-total">{money(o.total)}</span>
        </div>
        <hr />
        {payments.map((p, i) => (
          <div key={p.id}>
            <div className="receipt-row">
              <span>{t(`orders.paymentMethod.${p.method}`, p.method)}</span>
              <span>{money(p.amount)}</span>
            </div>
            {cash[i] ? (
              <>
                <div className="receipt-row">
                  <span>{t("orders.payments.tendered")}</span>
                  <span>{money(cash[i].tendered)}</span>
                </div>
                <div className="receipt-row" data-testid="receipt-change">
                  <span>{t("orders.receipt.change")}</span>
                  <span>{money(cash[i].change)}</span>
                </div>
              </>
            ) : null}
          </div>
        ))}
        {Number(o.payments.balance_due) > 0 ? (
          <div className="receipt-row">
            <span>{t("orders.fields.balanceDue")}</span>
            <span>{money(o.payments.balance_due)}</span>
          </div>
        ) : null}
        <hr />
        {qr ? (
          <div className="receipt-center">
            <img src={qr} alt={t("orders.receipt.qr")} className="receipt-qr" data-testid="receipt-qr" />
            <div>{t("orders.receipt.qr")}</div>
          </div>
        ) : null}
        <div className="receipt-center">{t("orders.receipt.thanks")}</div>
      </div>
    </div>
  );
}
