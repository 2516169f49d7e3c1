import { Typography } from "antd";
import { useTranslation } from "react-i18next";
import { toProblem } from "../../lib/api/problem";

/** The lines the store cannot cover: from a cart's quote, or from a 409 insufficient_stock. */
export function ShortStockList({
  lines,
  error,
}: {
  lines?: { sku: string; requested: number; available: number }[];
  error?: unknown;
}) {
  const { t } = useTranslation();
  const items = lines ?? (error ? (toProblem(error).short_lines ?? []) : []);
  if (items.length === 0) return null;
  return (
    <ul style={{ margin: "8px 0 0", paddingInlineStart: 20 }} data-testid="short-lines">
      {items.map((l) => (
        <li key={l.sku}>
          <Typography.Text>{t("orders.shortLine", l)}</Typography.Text>
        </li>
      ))}
    </ul>
  );
}
