import { PlusOutlined } from "@ant-design/icons";
import { getRouteApi } from "@tanstack/react-router";
import { App, Button, Flex, Input, Modal, Select, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CursorPager } from "../../components/CursorPager";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState } from "../../components/ProblemAlert";
import { toProblem } from "../../lib/api/problem";
import { useCan, useMe } from "../../lib/auth/me";
import { FIRST_PAGE, type PageState } from "../../lib/paging";
import { useFormat } from "../../lib/useFormat";
import {
  type User,
  useCreateUser,
  useReinviteUser,
  useRoleOptions,
  useSetUserActive,
  useUpdateUser,
  useUsers,
} from "./api";
import { USER_STATUSES, type UserSearch } from "./search";
import { UserFormModal, type UserFormValues } from "./UserFormModal";

const route = getRouteApi("/_app/users");
const STATUS_COLORS: Record<string, string> = { active: "green", invited: "blue", inactive: "default" };

function inviteLink(tenant: string, email: string, token: string): string {
  const params = new URLSearchParams({ tenant, email, token });
  return `${window.location.origin}/accept-invite?${params.toString()}`;
}

export function UsersPage() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const list = useUsers(search);
  const roles = useRoleOptions();
  const canManage = useCan("users:manage");
  const create = useCreateUser();
  const update = useUpdateUser();
  const setActive = useSetUserActive();
  const reinvite = useReinviteUser();
  const [editing, setEditing] = useState<User | null>(null);
  const [open, setOpen] = useState(false);
  const [invite, setInvite] = useState<{ token: string; email: string } | null>(null);
  const { data: me } = useMe();

  const setFilters = (patch: Partial<UserSearch>) =>
    navigate({ search: (p) => ({ ...p, ...patch, ...FIRST_PAGE }) });
  const setPage = (page: PageState) => navigate({ search: (p) => ({ ...p, ...page }) });

  const onSubmit = (values: UserFormValues) => {
    const done = () => {
      message.success(t("common.saved"));
      setOpen(false);
    };
    if (editing) {
      update.mutate(
        { id: editing.id, body: { name: values.name, role_id: values.role_id, scope: values.scope } },
        { onSuccess: done },
      );
    } else {
      const { password, ...rest } = values;
      create.mutate(
        { ...rest, password: password || null },
        {
          onSuccess: (created) => {
            done();
            if (created.invite_token) setInvite({ token: created.invite_token, email: created.user.email });
          },
        },
      );
    }
  };

  const toggle = (u: User) =>
    setActive.mutate(
      { id: u.id, active: u.status === "inactive" },
      { onError: (e) => message.error(toProblem(e).detail || t("problem.title")) },
    );

  const inviteAgain = (u: User) =>
    reinvite.mutate(u.id, {
      onSuccess: (again) => {
        if (again.invite_token) setInvite({ token: again.invite_token, email: again.user.email });
      },
      onError: (e) => message.error(toProblem(e).detail || t("problem.title")),
    });

  return (
    <>
      <PageHeader
        title={t("users.title")}
        extra={
          canManage ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="user-new"
              onClick={() => {
                setEditing(null);
                create.reset();
                setOpen(true);
              }}
            >
              {t("users.new")}
            </Button>
          ) : null
        }
      />
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Input.Search
          aria-label={t("users.searchPlaceholder")}
          placeholder={t("users.searchPlaceholder")}
          allowClear
          defaultValue={search.q}
          onSearch={(v) => setFilters({ q: v.trim() || undefined })}
          style={{ width: 280 }}
        />
        <Select
          aria-label={t("users.fields.status")}
          placeholder={t("users.fields.status")}
          allowClear
          value={search.status}
          onChange={(status) => setFilters({ status })}
          options={USER_STATUSES.map((s) => ({ value: s, label: t(`users.status.${s}`) }))}
          style={{ width: 140 }}
        />
        <Select
          aria-label={t("users.fields.role")}
          placeholder={t("users.fields.role")}
          allowClear
          value={search.role_id}
          onChange={(role_id) => setFilters({ role_id })}
          options={roles.data ?? []}
          style={{ width: 180 }}
        />
      </Flex>
      {list.isError ? (
        <ErrorState error={list.error} />
      ) : (
        <>
          <Table<User>
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            pagination={false}
            scroll={{ x: "max-content" }}
            columns={[
              { key: "name", title: t("users.fields.name"), dataIndex: "name" },
              { key: "email", title: t("users.fields.email"), dataIndex: "email" },
              {
                key: "role",
                title: t("users.fields.role"),
                render: (_, u) => (i18n.language === "en" ? u.role_name_en : u.role_name_zh),
              },
              {
                key: "status",
                title: t("users.fields.status"),
                render: (_, u) => <Tag color={STATUS_COLORS[u.status]}>{t(`users.status.${u.status}`)}</Tag>,
              },
              {
                key: "scope",
                title: t("users.fields.scope"),
                render: (_, u) => t(`users.scope.${u.scope.kind}`),
              },
              {
                key: "last_login_at",
                title: t("users.fields.lastLogin"),
                render: (_, u) => fmt.dateTime(u.last_login_at),
              },
              ...(canManage
                ? [
                    {
                      key: "actions",
                      title: t("common.actions"),
                      render: (_: unknown, u: User) => (
                        <Space>
                          <Button
                            size="small"
                            onClick={() => {
                              setEditing(u);
                              update.reset();
                              setOpen(true);
                            }}
                          >
                            {t("common.edit")}
                          </Button>
                          {u.status === "invited" && (
                            <Button
                              size="small"
                              loading={reinvite.isPending && reinvite.variables === u.id}
                              onClick={() => inviteAgain(u)}
                              data-testid="user-reinvite"
                            >
                              {t("users.reinvite")}
                            </Button>
                          )}
                          <Button size="small" danger={u.status !== "inactive"} onClick={() => toggle(u)}>
                            {u.status === "inactive" ? t("users.activate") : t("users.deactivate")}
                          </Button>
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          <CursorPager state={search} nextCursor={list.data?.next_cursor} onChange={setPage} />
        </>
      )}
      <UserFormModal
        open={open}
        user={editing}
        saving={create.isPending || update.isPending}
        error={editing ? update.error : create.error}
        onCancel={() => setOpen(false)}
        onSubmit={onSubmit}
      />
      <Modal
        open={invite !== null}
        title={t("users.inviteTitle")}
        onOk={() => setInvite(null)}
        onCancel={() => setInvite(null)}
        cancelButtonProps={{ style: { display: "none" } }}
      >
        <Typography.Paragraph data-testid="invite-emailed">
          {t("users.inviteEmailed", { email: invite?.email ?? "" })}
        </Typography.Paragraph>
        <Typography.Paragraph>{t("users.inviteBody")}</Typography.Paragraph>
        <Typography.Paragraph code copyable data-testid="invite-token">
          {invite?.token}
        </Typography.Paragraph>
        {invite && me && (
          <>
            <Typography.Paragraph type="secondary">{t("users.inviteLink")}</Typography.Paragraph>
            <Typography.Paragraph copyable data-testid="invite-link">
              {inviteLink(me.tenant.slug, invite.email, invite.token)}
            </Typography.Paragraph>
          </>
        )}
      </Modal>
    </>
  );
}
