import { Checkbox, Table, Tooltip } from "antd";
import { useTranslation } from "react-i18next";
import { groupByResource, type Permission } from "./api";

/** One row per resource, one checkbox per action; value is the list of permission keys. */
export function PermissionMatrix({
  permissions,
  value = [],
  onChange,
  disabled,
}: {
  permissions: Permission[];
  value?: string[];
  onChange?: (keys: string[]) => void;
  disabled?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const groups = groupByResource(permissions);
  const toggle = (key: string, on: boolean) =>
    onChange?.(on ? [...new Set([...value, key])] : value.filter((k) => k !== key));
  const label = (prefix: string, key: string, fallback: string) =>
    i18n.exists(`${prefix}.${key}`) ? t(`${prefix}.${key}`) : fallback;

  return (
    <Table
      size="small"
      pagination={false}
      rowKey={([resource]) => resource}
      dataSource={groups}
      data-testid="permission-matrix"
      columns={[
        {
          key: "resource",
          title: t("roles.resource"),
          render: (_, [resource]) => label("roles.resources", resource, resource),
        },
        {
          key: "actions",
          title: t("roles.actions"),
          render: (_, [, perms]) =>
            perms.map((p) => (
              <Tooltip key={p.key} title={p.description}>
                <Checkbox
                  checked={value.includes(p.key)}
                  disabled={disabled}
                  onChange={(e) => toggle(p.key, e.target.checked)}
                  aria-label={p.key}
                >
                  {label("roles.actionNames", p.action, p.action)}
                </Checkbox>
              </Tooltip>
            )),
        },
      ]}
    />
  );
}
