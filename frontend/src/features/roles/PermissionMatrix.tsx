import { Checkbox, Table, Tooltip } from "antd";
import { useTranslation } from "react-i18next";
import {
  groupPermissions,
  permissionDescription,
  permissionGroupLabel,
  permissionLabel,
} from "../../lib/permissions";
import type { Permission } from "./api";

/** One row per area, one checkbox per permission; value is the list of permission keys. */
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
  const { t } = useTranslation();
  const groups = groupPermissions(permissions);
  const toggle = (key: string, on: boolean) =>
    onChange?.(on ? [...new Set([...value, key])] : value.filter((k) => k !== key));

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
          render: (_, [resource]) => permissionGroupLabel(t, resource),
        },
        {
          key: "actions",
          title: t("roles.actions"),
          render: (_, [, perms]) =>
            perms.map((p) => (
              <Tooltip key={p.key} title={permissionDescription(t, p.key, p.description)}>
                <Checkbox
                  checked={value.includes(p.key)}
                  disabled={disabled}
                  onChange={(e) => toggle(p.key, e.target.checked)}
                  data-permission={p.key}
                >
                  {permissionLabel(t, p.key)}
                </Checkbox>
              </Tooltip>
            )),
        },
      ]}
    />
  );
}
