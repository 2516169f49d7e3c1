import { PrinterOutlined } from "@ant-design/icons";
import { Button, Card, Flex, Typography } from "antd";
import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Order } from "./api";

export function trackingUrl(origin: string, token: string): string {
  return `${origin}/track/${encodeURIComponent(token)}`;
}

/** The public tracking link and its QR code, printable for the customer. */
export function TrackingCard({ order }: { order: Order }) {
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
