import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Flex, Input, Switch, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemAlert } from "../../components/ProblemAlert";
import { type Category, useCategories, useSaveCategory } from "./api";

/** Ticket categories: add one, rename it in place, switch it on or off. */
export function ServiceCategoriesCard() {
  const { t } = useTranslation();
  const list = useCategories();
  const save = useSaveCategory();
  const [name, setName] = useState("");
  return (
    <Card size="small" title={t("serviceSettings.categories")} style={{ marginBottom: 16 }}>
      <ProblemAlert error={save.error} />
      <Flex gap={8} style={{ marginBottom: 12 }}>
        <Input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={t("serviceSettings.categoryName")}
          aria-label={t("serviceSettings.categoryName")}
          maxLength={100}
          data-testid="category-name"
        />
        <Button
          icon={<PlusOutlined />}
          disabled={!name.trim()}
          loading={save.isPending}
          onClick={() => save.mutate({ name: name.trim(), active: true }, { onSuccess: () => setName("") })}
          data-testid="category-add"
        >
          {t("serviceSettings.addCategory")}
        </Button>
      </Flex>
      <Table<Category>
        rowKey="id"
        size="small"
        pagination={false}
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        columns={[
          {
            key: "name",
            title: t("serviceSettings.categoryName"),
            render: (_, c) => (
              <Typography.Text
                editable={{
                  onChange: (value) =>
                    value.trim() && save.mutate({ id: c.id, name: value.trim(), active: c.active }),
                }}
              >
                {c.name}
              </Typography.Text>
            ),
          },
          {
            key: "active",
            title: t("serviceSettings.active"),
            render: (_, c) => (
              <Switch
                size="small"
                checked={c.active}
                onChange={(active) => save.mutate({ id: c.id, name: c.name, active })}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}
