import { getRouteApi, useNavigate } from "@tanstack/react-router";
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Popconfirm,
  Radio,
  Skeleton,
  Table,
  type TableColumnsType,
  Tag,
} from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState, ProblemAlert } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import { activeFields, fieldLabel, formatValue, useCustomFields } from "../../lib/customFields";
import { useStoreOptions } from "../../lib/stores";
import { useFormat } from "../../lib/useFormat";
import { type Customer, useCustomer, useCustomerSummary, useMergeCustomer, useUserOptions } from "./api";
import {
  defaultKeep,
  differingFields,
  fieldValue,
  MERGE_FIELDS,
  type MergeField,
  mergeBody,
  unitedTags,
} from "./merge";

const route = getRouteApi("/_app/customers/merge");

const FIELD_LABELS: Record<MergeField, string> = {
  name: "customers.fields.name",
  gender: "customers.fields.gender",
  birthday: "customers.fields.birthday",
  phone: "customers.fields.phone",
  email: "customers.fields.email",
  address: "customers.fields.address",
  lifecycle_stage: "customers.fields.stage",
  home_store_id: "customers.fields.homeStore",
  assigned_to: "customers.fields.assignedTo",
  external_id: "customers.fields.externalId",
  language: "customers.fields.language",
  notes: "customers.fields.notes",
};

interface Row {
  key: string;
  label: string;
  field?: MergeField;
  a: React.ReactNode;
  b: React.ReactNode;
}

/** Her figures, to help choose which record survives (the one with the history, usually). */
function Figures({ id }: { id: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const summary = useCustomerSummary(id);
  if (!summary.data) return null;
  return (
    <div style={{ fontSize: 12, opacity: 0.75 }}>
      {t("customers.summary.orders")} {summary.data.orders} · {t("customers.summary.lifetimeSpend")}{" "}
      {fmt.money(summary.data.lifetime_spend, summary.data.currency)}
    </div>
  );
}

/** Two records of one person side by side: choose the survivor and, where they differ, whose value
 * each field keeps; the other's orders, tickets and timeline then move to the survivor. */
export function MergePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { first, second } = route.useSearch();
  const a = useCustomer(first);
  const b = useCustomer(second);
  if (a.isPending || b.isPending) return <Skeleton active />;
  if (a.isError) return <ErrorState error={a.error} />;
  if (b.isError) return <ErrorState error={b.error} />;
  return (
    <MergeForm
      a={a.data.customer}
      b={b.data.customer}
      onMerged={(survivor) => {
        message.success(t("customers.merge.done"));
        void navigate({ to: "/customers/$id", params: { id: survivor.id }, replace: true });
      }}
    />
  );
}

function MergeForm({ a, b, onMerged }: { a: Customer; b: Customer; onMerged: (survivor: Customer) => void }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const customFields = useCustomFields("customer");
  const stores = useStoreOptions(useCan("stores:read"));
  const users = useUserOptions(useCan("users:read"));
  const [survivorId, setSurvivorId] = useState(a.id);
  const survivor = survivorId === a.id ? a : b;
  const other = survivorId === a.id ? b : a;
  // Per differing field: the id of the record whose value is kept.
  const [source, setSource] = useState<Partial<Record<MergeField, string>>>(() => sources(a, b));
  const merge = useMergeCustomer(survivor.id);
  const differing = useMemo(() => new Set(differingFields(a, b)), [a, b]);

  function sources(s: Customer, o: Customer): Partial<Record<MergeField, string>> {
    const keep = defaultKeep(s, o);
    return Object.fromEntries(Object.entries(keep).map(([f, whose]) => [f, whose === "this" ? s.id : o.id]));
  }

  function chooseSurvivor(id: string) {
    setSurvivorId(id);
    setSource(id === a.id ? sources(a, b) : sources(b, a));
  }

  function shown(c: Customer, field: MergeField): string {
    const value = fieldValue(c, field);
    if (value === null) return "—";
    switch (field) {
      case "gender":
        return t(`customers.gender.${value}`);
      case "birthday":
        return fmt.date(value);
      case "phone":
        return fmt.phone(value);
      case "lifecycle_stage":
        return t(`customers.stage.${value}`);
      case "home_store_id":
        return stores.data?.find((s) => s.value === value)?.label ?? value;
      case "assigned_to":
        return users.data?.find((u) => u.value === value)?.label ?? value;
      case "language":
        return value === "en" ? "English" : "中文";
      default:
        return value;
    }
  }

  function cell(c: Customer, field: MergeField) {
    if (!differing.has(field)) return <span style={{ opacity: 0.6 }}>{shown(c, field)}</span>;
    return (
      <Radio
        checked={source[field] === c.id}
        onChange={() => setSource({ ...source, [field]: c.id })}
        data-testid={`merge-pick-${field}-${c.id === a.id ? "a" : "b"}`}
      >
        {shown(c, field)}
      </Radio>
    );
  }

  const consent = (c: Customer, channel: "email" | "sms") =>
    c.consent[channel].granted ? t("customers.consent.yes") : t("customers.consent.no");
  const rows: Row[] = [
    {
      key: "survivor",
      label: t("customers.merge.survivor"),
      a: (
        <Radio
          checked={survivorId === a.id}
          onChange={() => chooseSurvivor(a.id)}
          data-testid="merge-survivor-a"
        >
          <strong>{a.name}</strong>
          <Figures id={a.id} />
        </Radio>
      ),
      b: (
        <Radio
          checked={survivorId === b.id}
          onChange={() => chooseSurvivor(b.id)}
          data-testid="merge-survivor-b"
        >
          <strong>{b.name}</strong>
          <Figures id={b.id} />
        </Radio>
      ),
    },
    ...MERGE_FIELDS.map((field) => ({
      key: field,
      field,
      label: t(FIELD_LABELS[field]),
      a: cell(a, field),
      b: cell(b, field),
    })),
    // Custom fields are not chosen: the survivor keeps hers, and takes the other's where she has none.
    ...activeFields(customFields.data)
      .filter((f) => a.custom[f.key] !== undefined || b.custom[f.key] !== undefined)
      .map((f) => {
        const yesNo: [string, string] = [t("common.yes"), t("common.no")];
        const removed = (value: string) => t("customFields.removedOption", { value });
        return {
          key: `custom-${f.key}`,
          label: fieldLabel(f, i18n.language),
          a: formatValue(f, a.custom[f.key], i18n.language, yesNo, removed),
          b: formatValue(f, b.custom[f.key], i18n.language, yesNo, removed),
        };
      }),
    {
      key: "tags",
      label: t("customers.fields.tags"),
      a: a.tags.map((tag) => <Tag key={tag}>{tag}</Tag>),
      b: b.tags.map((tag) => <Tag key={tag}>{tag}</Tag>),
    },
    {
      key: "consent_email",
      label: t("customers.fields.consentEmail"),
      a: consent(a, "email"),
      b: consent(b, "email"),
    },
    {
      key: "consent_sms",
      label: t("customers.fields.consentSms"),
      a: consent(a, "sms"),
      b: consent(b, "sms"),
    },
  ];
  const columns: TableColumnsType<Row> = [
    {
      key: "label",
      dataIndex: "label",
      width: 140,
      render: (label: string, r) => (r.field && differing.has(r.field) ? <strong>{label}</strong> : label),
    },
    { key: "a", title: "A", dataIndex: "a" },
    { key: "b", title: "B", dataIndex: "b" },
  ];
  const keep = Object.fromEntries(
    Object.entries(source).map(([f, id]) => [f, id === survivor.id ? "this" : "other"]),
  ) as Parameters<typeof mergeBody>[1];
  const united = unitedTags(survivor, other);

  return (
    <>
      <PageHeader title={t("customers.merge.title")} />
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t("customers.merge.help")} />
      {merge.error ? <ProblemAlert error={merge.error} /> : null}
      <Card>
        <Table<Row>
          rowKey="key"
          dataSource={rows}
          columns={columns}
          pagination={false}
          size="small"
          scroll={{ x: "max-content" }}
          onRow={(r) => ({ "data-testid": `merge-row-${r.key}` }) as React.HTMLAttributes<HTMLElement>}
        />
        <Flex vertical gap={4} style={{ marginTop: 16 }} data-testid="merge-outcome">
          <div>
            {t("customers.merge.tagsAfter")}{" "}
            {united.length ? united.map((tag) => <Tag key={tag}>{tag}</Tag>) : "—"}
          </div>
          <div>{t("customers.merge.consentAfter")}</div>
          <div>{t("customers.merge.customAfter")}</div>
        </Flex>
        <Flex justify="flex-end" style={{ marginTop: 16 }}>
          <Popconfirm
            title={t("customers.merge.confirmTitle")}
            description={t("customers.merge.confirm", { survivor: survivor.name, other: other.name })}
            okText={t("customers.merge.submit")}
            cancelText={t("common.cancel")}
            // Not mutate's onSuccess: that is skipped once this form is gone, and it goes as soon as
            // the live stream says the other record was merged (its query then answers 404).
            onConfirm={() => merge.mutateAsync(mergeBody(other, keep)).then(onMerged, () => undefined)}
          >
            <Button type="primary" danger loading={merge.isPending} data-testid="merge-submit">
              {t("customers.merge.submit")}
            </Button>
          </Popconfirm>
        </Flex>
      </Card>
    </>
  );
}
