import { Form, InputNumber, Table } from "antd";
import { useTranslation } from "react-i18next";
import type { OrderLine } from "./api";
import { remainingToFulfil } from "./draft";
import { lineName } from "./ProductSearchSelect";

/** A product added to the order in the edit dialog (not yet a line). */
export interface AddedLine {
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

/** The form key of a product being added (existing lines are keyed by their id). */
export const newLineKey = (productId: string) => `new:${productId}`;

function quantityRows(lines: OrderLine[], added: AddedLine[], language: string): QuantityRow[] {
  return [
    ...lines.map((l) => ({
      key: l.id,
      sku: l.sku,
      name: lineName(l, language),
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

/**
 * The per-line quantity inputs of the action dialog (form field `quantities`): units to fulfil
 * now (at most what is left), or each line's new quantity when editing.
 */
export function OrderQuantitiesTable({
  lines,
  added,
  fulfil,
}: {
  lines: OrderLine[];
  added: AddedLine[];
  fulfil: boolean;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Table<QuantityRow>
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={quantityRows(lines, fulfil ? [] : added, i18n.language)}
      columns={[
        { key: "name", title: t("orders.fields.product"), render: (_, l) => `${l.name} (${l.sku})` },
        { key: "ordered", title: t("orders.fields.quantity"), render: (_, l) => l.quantity ?? "—" },
        { key: "fulfilled", title: t("orders.fields.fulfilled"), render: (_, l) => l.fulfilled ?? "—" },
        {
          key: "q",
          title: fulfil ? t("orders.fields.fulfilNow") : t("orders.fields.newQuantity"),
          render: (_, l) => (
            <Form.Item name={["quantities", l.key]} noStyle>
              <InputNumber
                min={0}
                max={fulfil && l.line ? remainingToFulfil(l.line) : undefined}
                precision={0}
                aria-label={`${l.sku} ${t("orders.fields.quantity")}`}
                data-testid="action-line-quantity"
              />
            </Form.Item>
          ),
        },
      ]}
    />
  );
}
