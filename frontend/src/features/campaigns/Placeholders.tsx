/** The values a template may name, each copied with a click. */
import { Flex, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { PLACEHOLDERS } from "./content";

const KEYS: Record<(typeof PLACEHOLDERS)[number], string> = {
  "{{ customer.name }}": "customerName",
  "{{ loyalty.points }}": "points",
  "{{ loyalty.tier }}": "tier",
  "{{ store.name }}": "store",
  "{{ coupon }}": "coupon",
};

export function Placeholders() {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={4} data-testid="campaign-placeholders">
      <Typography.Text type="secondary">{t("campaigns.content.placeholdersHelp")}</Typography.Text>
      <Flex wrap gap={12}>
        {PLACEHOLDERS.map((p) => (
          <span key={p}>
            <Typography.Text code copyable={{ text: p }}>
              {p}
            </Typography.Text>{" "}
            <Typography.Text type="secondary">
              {t(`campaigns.content.placeholder.${KEYS[p]}`)}
            </Typography.Text>
          </span>
        ))}
      </Flex>
    </Flex>
  );
}
