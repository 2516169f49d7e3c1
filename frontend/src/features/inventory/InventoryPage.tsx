import { PlusOutlined, SwapOutlined } from "@ant-design/icons";
import { getRouteApi } from "@tanstack/react-router";
import {
  Button,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from "antd";
import { type HTMLAttributes, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { CursorPager } from "../../components/CursorPager";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState, ProblemAlert } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import { formatDateTime } from "../../lib/format";
import { useServerErrors } from "../../lib/forms";
import { FIRST_PAGE, type PageState } from "../../lib/paging";
import { useProductSearch } from "../../lib/products";
import { useStoreOptions } from "../../lib/stores";
import {
  type Movement,
  type StockItem,
  type Transfer,
  useAdjust,
  useCreateTransfer,
  useMovements,
  useStock,
  useTransferAction,
  useTransfers,
} from "./api";
import { type InventorySearch, MOVEMENT_KINDS, TABS, TRANSFER_STATUSES } from "./search";

const route = getRouteApi("/_app/inventory");

function stockRow(s: StockItem): HTMLAttributes<HTMLElement> & { [data: `data-${string}`]: string } {
  return { "data-testid": "stock-row", "data-product": s.product_id, "data-low": String(s.is_low) };
}

function ProductPicker({ value, onChange }: { value?: string; onChange?: (v: string) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const products = useProductSearch(q, { activeOnly: false, limit: 20 });
  return (
    <Select
      aria-label={t("orders.fields.product")}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      options={(products.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.sku} · ${p.name_zh}` }))}
      style={{ width: "100%" }}
    />
  );
}

function AdjustModal({ open, onClose, storeId }: { open: boolean; onClose: () => void; storeId?: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const stores = useStoreOptions();
  const adjust = useAdjust();
  const server = useServerErrors(form, ["store_id", "product_id", "quantity_delta", "reason", "kind"]);
  return (
    <Modal
      open={open}
      title={t("inventory.adjust")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      okButtonProps={{ loading: adjust.isPending, "data-testid": "adjust-save" }}
      destroyOnHidden
    >
      <ProblemAlert error={server.error} />
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ kind: "receipt", store_id: storeId, quantity_delta: 1, reason: "" }}
        onFinish={(v) => adjust.mutate(v, { onSuccess: onClose, onError: server.handle })}
      >
        <Form.Item label={t("inventory.fields.kind")} name="kind">
          <Select
            options={["receipt", "adjustment"].map((k) => ({ value: k, label: t(`inventory.kind.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          label={t("orders.fields.store")}
          name="store_id"
          rules={[{ required: true, message: t("validation.required") }]}
        >
          <Select options={stores.data ?? []} />
        </Form.Item>
        <Form.Item
          label={t("orders.fields.product")}
          name="product_id"
          rules={[{ required: true, message: t("validation.required") }]}
        >
          <ProductPicker />
        </Form.Item>
        <Form.Item
          label={t("inventory.fields.delta")}
          name="quantity_delta"
          extra={t("inventory.deltaHelp")}
          rules={[{ required: true, message: t("validation.required") }]}
        >
          <InputNumber precision={0} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item
          label={t("inventory.fields.reason")}
          name="reason"
          rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
        >
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface TransferValues {
  from_store_id: string;
  to_store_id: string;
  note: string;
  lines: { product_id: string; quantity: number }[];
}

function TransferModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TransferValues>();
  const stores = useStoreOptions();
  const create = useCreateTransfer();
  const server = useServerErrors(form, ["from_store_id", "to_store_id", "lines", "note"]);
  return (
    <Modal
      open={open}
      title={t("inventory.newTransfer")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      okButtonProps={{ loading: create.isPending, "data-testid": "transfer-save" }}
      width={640}
      destroyOnHidden
    >
      <ProblemAlert error={server.error} />
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ lines: [{ quantity: 1 }], note: "" }}
        onFinish={(v) => create.mutate(v, { onSuccess: onClose, onError: server.handle })}
      >
        <Flex gap={8}>
          <Form.Item
            label={t("inventory.fields.from")}
            name="from_store_id"
            style={{ flex: 1 }}
            rules={[{ required: true, message: t("validation.required") }]}
          >
            <Select options={stores.data ?? []} />
          </Form.Item>
          <Form.Item
            label={t("inventory.fields.to")}
            name="to_store_id"
            style={{ flex: 1 }}
            rules={[{ required: true, message: t("validation.required") }]}
          >
            <Select options={stores.data ?? []} />
          </Form.Item>
        </Flex>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Flex key={f.key} gap={8} align="baseline">
                  <Form.Item
                    name={[f.name, "product_id"]}
                    style={{ flex: 1 }}
                    rules={[{ required: true, message: t("validation.required") }]}
                  >
                    <ProductPicker />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, "quantity"]}
                    rules={[{ required: true, message: t("validation.required") }]}
                  >
                    <InputNumber min={1} precision={0} aria-label={t("orders.fields.quantity")} />
                  </Form.Item>
                  <Button type="text" onClick={() => remove(f.name)} disabled={fields.length === 1}>
                    {t("common.delete")}
                  </Button>
                </Flex>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ quantity: 1 })}
                style={{ marginBottom: 16 }}
              >
                {t("inventory.addLine")}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item label={t("orders.fields.note")} name="note">
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function InventoryPage() {
  const { t, i18n } = useTranslation();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const tab = search.tab ?? "stock";
  const canAdjust = useCan("inventory:adjust");
  const canTransfer = useCan("inventory:transfer");
  const stores = useStoreOptions();
  const stock = useStock(search, tab === "stock");
  const movements = useMovements(search, tab === "movements");
  const transfers = useTransfers(search, tab === "transfers");
  const transferAction = useTransferAction();
  const [adjusting, setAdjusting] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const storeName = useMemo(() => new Map((stores.data ?? []).map((s) => [s.value, s.label])), [stores.data]);

  const setFilters = (patch: Partial<InventorySearch>) =>
    navigate({ search: (prev) => ({ ...prev, ...patch, ...FIRST_PAGE }) });
  const setPage = (page: PageState) => navigate({ search: (prev) => ({ ...prev, ...page }) });
  const current = tab === "stock" ? stock : tab === "movements" ? movements : transfers;

  return (
    <>
      <PageHeader
        title={t("inventory.title")}
        extra={
          <>
            {canAdjust ? (
              <Button icon={<PlusOutlined />} onClick={() => setAdjusting(true)} data-testid="adjust-new">
                {t("inventory.adjust")}
              </Button>
            ) : null}
            {canTransfer ? (
              <Button
                icon={<SwapOutlined />}
                onClick={() => setTransferring(true)}
                data-testid="transfer-new"
              >
                {t("inventory.newTransfer")}
              </Button>
            ) : null}
          </>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(key) =>
          navigate({ search: { tab: TABS.find((x) => x === key), store_id: search.store_id } })
        }
        items={TABS.map((k) => ({ key: k, label: t(`inventory.tabs.${k}`) }))}
      />
      <Flex wrap gap={8} style={{ marginBottom: 16 }} align="center">
        <Select
          aria-label={t("orders.fields.store")}
          placeholder={t("orders.fields.store")}
          allowClear
          value={search.store_id}
          onChange={(store_id) => setFilters({ store_id })}
          options={stores.data ?? []}
          style={{ width: 220 }}
        />
        {tab === "stock" ? (
          <Flex gap={8} align="center">
            <Switch
              checked={Boolean(search.low_stock)}
              onChange={(v) => setFilters({ low_stock: v || undefined })}
              aria-label={t("inventory.lowOnly")}
              data-testid="low-stock-filter"
            />
            <Typography.Text>{t("inventory.lowOnly")}</Typography.Text>
          </Flex>
        ) : null}
        {tab === "movements" ? (
          <Select
            aria-label={t("inventory.fields.kind")}
            placeholder={t("inventory.fields.kind")}
            allowClear
            value={search.kind}
            onChange={(kind) => setFilters({ kind })}
            options={MOVEMENT_KINDS.map((k) => ({ value: k, label: t(`inventory.kind.${k}`) }))}
            style={{ width: 160 }}
          />
        ) : null}
        {tab === "transfers" ? (
          <Select
            aria-label={t("orders.fields.status")}
            placeholder={t("orders.fields.status")}
            allowClear
            value={search.status}
            onChange={(status) => setFilters({ status })}
            options={TRANSFER_STATUSES.map((s) => ({ value: s, label: t(`inventory.transferStatus.${s}`) }))}
            style={{ width: 160 }}
          />
        ) : null}
      </Flex>
      <ProblemAlert error={transferAction.error} />
      {current.isError ? <ErrorState error={current.error} /> : null}
      {tab === "stock" && !stock.isError ? (
        <Table<StockItem>
          rowKey={(s) => `${s.store_id}:${s.product_id}`}
          dataSource={stock.data?.items ?? []}
          loading={stock.isFetching}
          pagination={false}
          onRow={stockRow}
          columns={[
            {
              key: "store",
              title: t("orders.fields.store"),
              render: (_, s) => storeName.get(s.store_id) ?? "—",
            },
            { key: "sku", title: t("catalog.fields.sku"), dataIndex: "sku" },
            { key: "name", title: t("catalog.fields.name"), dataIndex: "name" },
            { key: "on_hand", title: t("inventory.fields.onHand"), dataIndex: "on_hand", align: "right" },
            { key: "reserved", title: t("inventory.fields.reserved"), dataIndex: "reserved", align: "right" },
            {
              key: "available",
              title: t("inventory.fields.available"),
              align: "right",
              render: (_, s) => (s.is_low ? <Tag color="red">{s.available}</Tag> : s.available),
            },
            {
              key: "in_transit",
              title: t("inventory.fields.inTransit"),
              dataIndex: "in_transit",
              align: "right",
            },
            {
              key: "threshold",
              title: t("inventory.fields.threshold"),
              dataIndex: "low_stock_threshold",
              align: "right",
            },
          ]}
        />
      ) : null}
      {tab === "movements" && !movements.isError ? (
        <Table<Movement>
          rowKey="id"
          dataSource={movements.data?.items ?? []}
          loading={movements.isFetching}
          pagination={false}
          columns={[
            {
              key: "at",
              title: t("common.createdAt"),
              render: (_, m) => formatDateTime(m.created_at, i18n.language),
            },
            {
              key: "store",
              title: t("orders.fields.store"),
              render: (_, m) => storeName.get(m.store_id) ?? "—",
            },
            {
              key: "kind",
              title: t("inventory.fields.kind"),
              render: (_, m) => t(`inventory.kind.${m.kind}`),
            },
            { key: "product", title: t("orders.fields.product"), render: (_, m) => `${m.name} (${m.sku})` },
            {
              key: "on_hand",
              title: t("inventory.fields.onHandDelta"),
              dataIndex: "on_hand_delta",
              align: "right",
            },
            {
              key: "reserved",
              title: t("inventory.fields.reservedDelta"),
              dataIndex: "reserved_delta",
              align: "right",
            },
            {
              key: "reason",
              title: t("inventory.fields.reason"),
              render: (_, m) => m.reason || m.reference_type || "—",
            },
          ]}
        />
      ) : null}
      {tab === "transfers" && !transfers.isError ? (
        <Table<Transfer>
          rowKey="id"
          dataSource={transfers.data?.items ?? []}
          loading={transfers.isFetching}
          pagination={false}
          columns={[
            { key: "number", title: t("orders.fields.number"), dataIndex: "number" },
            {
              key: "from",
              title: t("inventory.fields.from"),
              render: (_, x) => storeName.get(x.from_store_id) ?? "—",
            },
            {
              key: "to",
              title: t("inventory.fields.to"),
              render: (_, x) => storeName.get(x.to_store_id) ?? "—",
            },
            {
              key: "lines",
              title: t("orders.fields.lines"),
              render: (_, x) => x.lines.map((l) => `${l.sku} × ${l.quantity}`).join(", "),
            },
            {
              key: "status",
              title: t("orders.fields.status"),
              render: (_, x) => <Tag>{t(`inventory.transferStatus.${x.status}`)}</Tag>,
            },
            {
              key: "at",
              title: t("common.createdAt"),
              render: (_, x) => formatDateTime(x.created_at, i18n.language),
            },
            {
              key: "actions",
              title: t("common.actions"),
              render: (_, x) => (
                <Flex gap={4}>
                  {x.allowed_actions.map((a) => (
                    <Button
                      key={a}
                      size="small"
                      danger={a === "cancel"}
                      loading={transferAction.isPending && transferAction.variables?.id === x.id}
                      onClick={() => transferAction.mutate({ id: x.id, action: a })}
                    >
                      {t(`inventory.transferActions.${a}`)}
                    </Button>
                  ))}
                </Flex>
              ),
            },
          ]}
        />
      ) : null}
      <CursorPager state={search} nextCursor={current.data?.next_cursor} onChange={setPage} />
      <AdjustModal open={adjusting} onClose={() => setAdjusting(false)} storeId={search.store_id} />
      <TransferModal open={transferring} onClose={() => setTransferring(false)} />
    </>
  );
}
