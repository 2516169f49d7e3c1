import { PlusOutlined } from "@ant-design/icons";
import { getRouteApi } from "@tanstack/react-router";
import { App, Button, Flex, Form, Input, Modal, Select, Table, Tabs, Tag } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { CursorPager } from "../../components/CursorPager";
import { PageHeader } from "../../components/PageHeader";
import { PhoneLink } from "../../components/PhoneLink";
import { ErrorState, ProblemAlert } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import { useServerErrors } from "../../lib/forms";
import { FIRST_PAGE, type PageState } from "../../lib/paging";
import { type Store, type StoreCreate, type StoreUpdate, useRegions, useSaveStore, useStores } from "./api";
import { RegionsTab } from "./RegionsTab";
import { STORE_STATUSES, type StoreSearch } from "./search";

const route = getRouteApi("/_app/stores");
const FIELDS = ["code", "name", "region_id", "address", "phone", "status"];
type StoreForm = StoreCreate & StoreUpdate;

export function StoresPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const canManage = useCan("stores:manage");
  const stores = useStores(search);
  const regions = useRegions();
  const save = useSaveStore();
  const [editing, setEditing] = useState<Store | "new" | null>(null);
  const [form] = Form.useForm<StoreForm>();
  const server = useServerErrors(form, FIELDS);

  const regionOptions = (regions.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }));
  const regionName = useMemo(
    () => new Map((regions.data?.items ?? []).map((r) => [r.id, r.name])),
    [regions.data],
  );
  const setFilters = (patch: Partial<StoreSearch>) =>
    navigate({ search: (p) => ({ ...p, ...patch, ...FIRST_PAGE }) });
  const setPage = (page: PageState) => navigate({ search: (p) => ({ ...p, ...page }) });

  const open = (store: Store | "new") => {
    server.reset();
    form.resetFields();
    form.setFieldsValue(
      store === "new"
        ? { code: "", name: "", region_id: null, address: "", phone: "" }
        : {
            code: store.code,
            name: store.name,
            region_id: store.region_id,
            address: store.address,
            phone: store.phone,
            status: store.status === "closed" ? "closed" : "active",
          },
    );
    setEditing(store);
  };

  const onFinish = (values: StoreForm) => {
    const id = editing && editing !== "new" ? editing.id : null;
    const { status, ...create } = values;
    save.mutate(
      { id, body: id ? values : create },
      {
        onSuccess: () => {
          message.success(t("common.saved"));
          setEditing(null);
        },
        onError: server.handle,
      },
    );
  };

  const storesTab = (
    <>
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Input.Search
          aria-label={t("stores.searchPlaceholder")}
          placeholder={t("stores.searchPlaceholder")}
          allowClear
          defaultValue={search.q}
          onSearch={(v) => setFilters({ q: v.trim() || undefined })}
          style={{ width: 260 }}
        />
        <Select
          aria-label={t("stores.fields.region")}
          placeholder={t("stores.fields.region")}
          allowClear
          value={search.region_id}
          onChange={(region_id) => setFilters({ region_id })}
          options={regionOptions}
          style={{ width: 180 }}
        />
        <Select
          aria-label={t("stores.fields.status")}
          placeholder={t("stores.fields.status")}
          allowClear
          value={search.status}
          onChange={(status) => setFilters({ status })}
          options={STORE_STATUSES.map((s) => ({ value: s, label: t(`stores.status.${s}`) }))}
          style={{ width: 140 }}
        />
        {canManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open("new")} data-testid="store-new">
            {t("stores.new")}
          </Button>
        ) : null}
      </Flex>
      {stores.isError ? (
        <ErrorState error={stores.error} />
      ) : (
        <>
          <Table<Store>
            rowKey="id"
            loading={stores.isFetching}
            dataSource={stores.data?.items ?? []}
            pagination={false}
            scroll={{ x: "max-content" }}
            columns={[
              { key: "code", title: t("stores.fields.code"), dataIndex: "code" },
              { key: "name", title: t("stores.fields.name"), dataIndex: "name" },
              {
                key: "region",
                title: t("stores.fields.region"),
                render: (_, s) => (s.region_id ? (regionName.get(s.region_id) ?? "—") : "—"),
              },
              { key: "address", title: t("stores.fields.address"), render: (_, s) => s.address || "—" },
              {
                key: "phone",
                title: t("stores.fields.phone"),
                render: (_, s) => <PhoneLink value={s.phone} />,
              },
              {
                key: "status",
                title: t("stores.fields.status"),
                render: (_, s) => (
                  <Tag color={s.status === "active" ? "green" : "default"}>
                    {t(`stores.status.${s.status}`)}
                  </Tag>
                ),
              },
              ...(canManage
                ? [
                    {
                      key: "actions",
                      title: t("common.actions"),
                      render: (_: unknown, s: Store) => (
                        <Button size="small" onClick={() => open(s)}>
                          {t("common.edit")}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          <CursorPager state={search} nextCursor={stores.data?.next_cursor} onChange={setPage} />
        </>
      )}
    </>
  );

  return (
    <>
      <PageHeader title={t("stores.title")} />
      <Tabs
        activeKey={search.tab ?? "stores"}
        onChange={(key) => navigate({ search: { tab: key === "regions" ? "regions" : undefined } })}
        items={[
          { key: "stores", label: t("stores.tabStores"), children: storesTab },
          { key: "regions", label: t("stores.tabRegions"), children: <RegionsTab canManage={canManage} /> },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === "new" ? t("stores.new") : t("stores.edit")}
        okText={t("common.save")}
        cancelText={t("common.cancel")}
        okButtonProps={{ loading: save.isPending, "data-testid": "store-save" }}
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        forceRender
      >
        <ProblemAlert error={server.error} />
        <Form form={form} layout="vertical" name="store" onFinish={onFinish}>
          <Form.Item
            label={t("stores.fields.code")}
            name="code"
            rules={[
              { required: true, message: t("validation.required") },
              { pattern: /^[A-Za-z0-9_-]+$/, message: t("stores.codeInvalid") },
            ]}
          >
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item
            label={t("stores.fields.name")}
            name="name"
            rules={[{ required: true, message: t("validation.required") }]}
          >
            <Input />
          </Form.Item>
          <Form.Item label={t("stores.fields.region")} name="region_id">
            <Select allowClear options={regionOptions} />
          </Form.Item>
          <Form.Item label={t("stores.fields.address")} name="address">
            <Input />
          </Form.Item>
          <Form.Item label={t("stores.fields.phone")} name="phone">
            <Input />
          </Form.Item>
          {editing !== "new" ? (
            <Form.Item label={t("stores.fields.status")} name="status">
              <Select options={STORE_STATUSES.map((s) => ({ value: s, label: t(`stores.status.${s}`) }))} />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
    </>
  );
}
