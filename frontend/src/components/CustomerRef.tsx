import { Link } from "@tanstack/react-router";
import { Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";

/**
 * A customer as another record names her: a link to her page, or — when she is outside the
 * reader's stores (`masked`) — her masked name ("张**") with a hint, never a dead link. No
 * customer at all (a walk-in sale) reads "Walk-in".
 */
export function CustomerRef({
  id,
  name,
  masked,
  testId,
}: {
  id: string | null | undefined;
  name: string | null | undefined;
  masked: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  if (!id) return <Typography.Text type="secondary">{t("customers.walkIn")}</Typography.Text>;
  if (masked || !name) {
    return (
      <Tooltip title={t("customers.outsideScope")}>
        <Typography.Text type="secondary" data-testid={testId} data-masked="true">
          {name || "—"}
        </Typography.Text>
      </Tooltip>
    );
  }
  return (
    <Link to="/customers/$id" params={{ id }} data-testid={testId}>
      {name}
    </Link>
  );
}
