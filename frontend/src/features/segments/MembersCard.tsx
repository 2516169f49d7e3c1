/** A segment's stored members the user may see, latest to join first (phones masked by the
 * server), each a link to her page; a static segment's are added from a customer search and
 * taken off by selecting rows. */
import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { Link } from "@tanstack/react-router";
import { App, Button, Card, Flex, Select, Spin, Table } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { CursorPager } from "../../components/CursorPager";
import { ErrorState, useProblemMessage } from "../../components/ProblemAlert";
import { toProblem } from "../../lib/api/problem";
import { useCan } from "../../lib/auth/me";
import { useCustomerSearch } from "../../lib/customers";
import { formatPhone } from "../../lib/format";
import type { PageState } from "../../lib/paging";
import { useStoreOptions } from "../../lib/stores";
import { useFormat } from "../../lib/useFormat";
import { membersStamp, type Segment, type SegmentMember, useChangeMembers, useSegmentMembers } from "./api";

interface Picked {
  value: string;
  label: string;
}

/** Customers found by name or phone (the last 4 digits work), several at once. */
function AddMembers({ segment }: { segment: Segment }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const problemMessage = useProblemMessage();
  const [q, setQ] = useState("");
  const [picked, setPicked] = useState<Picked[]>([]);
  const found = useCustomerSearch(q);
  const change = useChangeMembers();
  const add = () =>
    change.mutate(
      { id: segment.id, customerIds: picked.map((p) => p.value), remove: false },
      {
        onSuccess: (result) => {
          void message.success(t("segments.detail.added", { count: result.added }));
          setPicked([]);
        },
        onError: (e) => void message.error(problemMessage(toProblem(e))),
      },
    );
  return (
    <Flex gap={8} wrap style={{ marginBottom: 12 }}>
      <Select<Picked[]>
        mode="multiple"
        labelInValue
        value={picked}
        onChange={(next) => {
          setPicked(next);
          setQ("");
        }}
        showSearch={{ filterOption: false, onSearch: setQ, searchValue: q }}
        options={(found.data?.items ?? []).map((c) => ({
          value: c.id,
          label: `${c.name} ${c.phone ? formatPhone(c.phone) : ""}`.trim(),
        }))}
        notFoundContent={found.isFetching ? <Spin size="small" /> : null}
        placeholder={t("segments.detail.addPlaceholder")}
        aria-label={t("segments.detail.addMembers")}
        data-testid="segment-add-search"
        style={{ flex: "1 1 320px", maxWidth: 520 }}
      />
      <Button
        icon={<PlusOutlined />}
        disabled={picked.length === 0}
        loading={change.isPending && !change.variables?.remove}
        onClick={add}
        data-testid="segment-add-members"
      >
        {t("segments.detail.addMembers")}
      </Button>
    </Flex>
  );
}

export function MembersCard({
  segment,
  page,
  onPage,
}: {
  segment: Segment;
  page: PageState;
  onPage: (page: PageState) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const problemMessage = useProblemMessage();
  const members = useSegmentMembers(segment.id, page, membersStamp(segment));
  const stores = useStoreOptions(useCan("stores:read"));
  const storeName = useMemo(() => new Map((stores.data ?? []).map((s) => [s.value, s.label])), [stores.data]);
  const canManage = useCan("segments:manage");
  const editable = segment.kind === "static" && canManage;
  const [selected, setSelected] = useState<string[]>([]);
  const change = useChangeMembers();
  const remove = () =>
    change.mutate(
      { id: segment.id, customerIds: selected, remove: true },
      {
        onSuccess: (result) => {
          void message.success(t("segments.detail.removed", { count: result.removed }));
          setSelected([]);
        },
        onError: (e) => void message.error(problemMessage(toProblem(e))),
      },
    );

  return (
    <Card
      size="small"
      title={t("segments.detail.members")}
      extra={
        editable ? (
          <Button
            danger
            size="small"
            icon={<MinusCircleOutlined />}
            disabled={selected.length === 0}
            loading={change.isPending && change.variables?.remove}
            onClick={remove}
            data-testid="segment-remove-members"
          >
            {t("segments.detail.removeMembers", { count: selected.length })}
          </Button>
        ) : null
      }
    >
      {editable ? <AddMembers segment={segment} /> : null}
      {members.isError ? (
        <ErrorState error={members.error} />
      ) : (
        <Table<SegmentMember>
          rowKey="customer_id"
          size="small"
          loading={members.isFetching}
          dataSource={members.data?.items ?? []}
          pagination={false}
          scroll={{ x: "max-content" }}
          locale={{ emptyText: t("segments.detail.noMembers") }}
          rowSelection={
            editable
              ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) }
              : undefined
          }
          onRow={(m) =>
            ({
              "data-testid": "segment-member-row",
              "data-id": m.customer_id,
            }) as React.HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              key: "name",
              title: t("customers.fields.name"),
              render: (_, m) => (
                <Link to="/customers/$id" params={{ id: m.customer_id }}>
                  {m.name}
                </Link>
              ),
            },
            { key: "phone", title: t("customers.fields.phone"), render: (_, m) => m.phone ?? "—" },
            {
              key: "store",
              title: t("customers.fields.homeStore"),
              responsive: ["md"],
              render: (_, m) => (m.home_store_id ? (storeName.get(m.home_store_id) ?? "—") : "—"),
            },
            {
              key: "joined",
              title: t("segments.detail.joinedAt"),
              render: (_, m) => fmt.dateTime(m.joined_at),
            },
          ]}
        />
      )}
      <CursorPager state={page} nextCursor={members.data?.next_cursor} onChange={onPage} />
    </Card>
  );
}
