import { PlusOutlined, SwapOutlined } from "@ant-design/icons";
import { getRouteApi } from "@tanstack/react-router";
import { Button, Flex, Select, Switch, Tabs, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { CursorPager } from "../../components/CursorPager";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState, ProblemAlert } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import { FIRST_PAGE, type PageState } from "../../lib/paging";
import { useStoreOptions } from "../../lib/stores";
import { AdjustModal } from "./AdjustModal";
import { useMovements, useStock, useTransfers } from "./api";
import { MovementsTable, StockTable, TransfersTable } from "./InventoryTables";
import { type InventorySearch, MOVEMENT_KINDS, TABS, TRANSFER_STATUSES } from "./search";
import { TransferModal } from "./TransferModal";
import { useTransferAction } from "./transferActions";

const route = getRouteApi("/_app/inventory");

export function InventoryPage() {
  const { t } = useTranslation();
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
        <StockTable items={stock.data?.items ?? []} loading={stock.isFetching} storeName={storeName} />
      ) : null}
      {tab === "movements" && !movements.isError ? (
        <MovementsTable
          items={movements.data?.items ?? []}
          loading={movements.isFetching}
          storeName={storeName}
        />
      ) : null}
      {tab === "transfers" && !transfers.isError ? (
        <TransfersTable
          items={transfers.data?.items ?? []}
          loading={transfers.isFetching}
          storeName={storeName}
          run={transferAction}
        />
      ) : null}
      <CursorPager state={search} nextCursor={current.data?.next_cursor} onChange={setPage} />
      <AdjustModal open={adjusting} onClose={() => setAdjusting(false)} storeId={search.store_id} />
      <TransferModal open={transferring} onClose={() => setTransferring(false)} />
    </>
  );
}
