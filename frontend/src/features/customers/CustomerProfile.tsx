import { Card, Descriptions, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { useCustomItems } from "../../components/CustomFieldViews";
import { PhoneLink } from "../../components/PhoneLink";
import { useCan } from "../../lib/auth/me";
import { useCustomFields } from "../../lib/customFields";
import { useStoreOptions } from "../../lib/stores";
import { useFormat } from "../../lib/useFormat";
import { type Customer, useUserOptions } from "./api";
import { STAGE_COLORS } from "./labels";

function ConsentText({ consent }: { consent: Customer["consent"]["email"] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (!consent.granted) return <Tag>{t("customers.consent.no")}</Tag>;
  return (
    <span>
      <Tag color="green">{t("customers.consent.yes")}</Tag>
      {consent.at ? fmt.dateTime(consent.at) : null}
      {consent.source ? ` · ${consent.source}` : null}
    </span>
  );
}

/** Her profile as recorded: contacts, address, stage, tags, store, owner, consent, notes. */
export function CustomerProfile({ customer: c }: { customer: Customer }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const stores = useStoreOptions(useCan("stores:read"));
  const users = useUserOptions(useCan("users:read"));
  const custom = useCustomItems(useCustomFields("customer").data, c.custom);
  const storeLabel = stores.data?.find((s) => s.value === c.home_store_id)?.label ?? c.home_store_id ?? "—";
  const assignee = users.data?.find((u) => u.value === c.assigned_to)?.label ?? c.assigned_to ?? "—";
  const addr = [c.address.province, c.address.city, c.address.district, c.address.detail]
    .filter(Boolean)
    .join(" ");
  return (
    <Card title={t("customers.summary.profile")} data-testid="customer-profile">
      <Descriptions column={1} bordered size="small" styles={{ label: { width: "7.5em" } }}>
        <Descriptions.Item label={t("customers.fields.name")}>{c.name}</Descriptions.Item>
        <Descriptions.Item label={t("customers.fields.gender")}>
          {t(`customers.gender.${c.gender}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t("customers.fields.birthday")}>{fmt.date(c.birthday)}</Descriptions.Item>
        <Descriptions.Item label={t("customers.fields.phone")}>
          <PhoneLink value={c.phone} testId="customer-phone" />
        </Descriptions.Item>
        <Descriptions.Item label={t("customers.fields.email")}>{c.email ?? "—"}</Descriptions.Item>
        <Descriptions.Item label={t("customers.fields.address")}>{addr || "—"}</Descriptions.Item>
        <Descriptions.Item label={t("customers.fields.stage")}>
          <Tag color={STAGE_COLORS[c.lifecycle_stage]}>{t(`customers.stage.${c.lifecycle_stage}`)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t("customers.fields.tags")}>
          {c.tags.length ? c.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) : "—"}
        </Descriptions.Item>
        <Descriptions.Item label={t("customers.fields.homeStore")}>{storeLabel}</Descriptions.Item>
        <Descriptions.Item label={t("customers.fields.assignedTo")}>{assignee}</Descriptions.Item>
        <Descriptions.Item label={t("customers.fields.consentEmail")}>
          <ConsentText consent={c.consent.email} />
        </Descriptions.Item>
        <Descriptions.Item label={t("customers.fields.consentSms")}>
          <ConsentText consent={c.consent.sms} />
        </Descriptions.Item>
        <Descriptions.Item label={t("customers.fields.externalId")}>{c.external_id ?? "—"}</Descriptions.Item>
        <Descriptions.Item label={t("common.createdAt")}>{fmt.dateTime(c.created_at)}</Descriptions.Item>
        <Descriptions.Item label={t("common.updatedAt")}>{fmt.dateTime(c.updated_at)}</Descriptions.Item>
        <Descriptions.Item label={t("customers.fields.notes")}>
          <span style={{ whiteSpace: "pre-wrap" }}>{c.notes || "—"}</span>
        </Descriptions.Item>
        {custom.map((item) => (
          <Descriptions.Item key={item.key} label={item.label}>
            {item.children}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Card>
  );
}
