import { Link } from "@tanstack/react-router";
import { Alert, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { useDebounced } from "../../lib/useDebounced";
import { type DuplicateCheck, useDuplicateCheck } from "./api";

/** While a new customer is being entered: who she may already be, with links, before saving. */
export function DuplicateWarning({ draft }: { draft: DuplicateCheck | null }) {
  const { t } = useTranslation();
  const check = useDuplicateCheck(useDebounced(draft, 400));
  const found = draft ? (check.data ?? []) : [];
  if (!found.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="duplicate-warning"
      message={t("customers.duplicates.warning", { count: found.length })}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {found.map((c) => (
            <li key={c.id} data-testid="duplicate-candidate">
              <Link to="/customers/$id" params={{ id: c.id }} target="_blank">
                {c.name}
              </Link>{" "}
              {c.reasons.map((r) => (
                <Tag key={r} style={{ marginInlineStart: 4 }}>
                  {t(`customers.duplicates.reasons.${r}`)}
                </Tag>
              ))}
            </li>
          ))}
        </ul>
      }
    />
  );
}
