import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Button, Drawer, Flex, Input, Popconfirm, Tree, Typography } from "antd";
import type { DataNode } from "antd/es/tree";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemAlert } from "../../components/ProblemAlert";
import { localName } from "../../lib/names";
import { type CategoryNode, useCategories, useCategoryMutations } from "./api";

/** Category tree management: add (root or child), rename, delete (the API refuses non-empty ones). */
export function CategoriesDrawer({
  open,
  onClose,
  canEdit,
}: {
  open: boolean;
  onClose: () => void;
  canEdit: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { modal } = App.useApp();
  const categories = useCategories();
  const { create, rename, remove } = useCategoryMutations();
  const [name, setName] = useState("");
  const [nameEn, setNameEn] = useState("");
  const [parent, setParent] = useState<CategoryNode | null>(null);
  const add = () => {
    if (!name.trim()) return;
    create.mutate(
      { name: name.trim(), name_en: nameEn.trim(), parent_id: parent?.id ?? null },
      {
        onSuccess: () => {
          setName("");
          setNameEn("");
        },
      },
    );
  };
  const error = create.error ?? rename.error ?? remove.error;

  const ask = (title: string, initial: string, done: (value: string) => void) => {
    let value = initial;
    modal.confirm({
      title,
      icon: null,
      content: <Input autoFocus defaultValue={initial} onChange={(e) => (value = e.target.value)} />,
      onOk: () => (value.trim() ? done(value.trim()) : undefined),
    });
  };

  const toTree = (nodes: CategoryNode[]): DataNode[] =>
    nodes.map((n) => ({
      key: n.id,
      title: (
        <Flex gap={8} align="center">
          <span>
            {localName(n, i18n.language)}{" "}
            <Typography.Text type="secondary">({n.product_count})</Typography.Text>
          </span>
          {canEdit ? (
            <>
              <Button
                size="small"
                type="text"
                icon={<PlusOutlined />}
                aria-label={t("catalog.categories.addChild")}
                onClick={() =>
                  ask(t("catalog.categories.addChild"), "", (v) =>
                    create.mutate({ name: v, parent_id: n.id }),
                  )
                }
              />
              <Button
                size="small"
                type="text"
                icon={<EditOutlined />}
                aria-label={t("common.edit")}
                onClick={() => ask(t("common.edit"), n.name, (v) => rename.mutate({ id: n.id, name: v }))}
              />
              <Popconfirm title={t("catalog.categories.confirmDelete")} onConfirm={() => remove.mutate(n.id)}>
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t("common.delete")}
                />
              </Popconfirm>
            </>
          ) : null}
        </Flex>
      ),
      children: toTree(n.children),
    }));

  return (
    <Drawer open={open} onClose={onClose} title={t("catalog.categories.title")} size="large">
      <ProblemAlert error={error} />
      {canEdit ? (
        <Flex gap={8} style={{ marginBottom: 16 }}>
          <Input
            placeholder={t("catalog.categories.name")}
            aria-label={t("catalog.categories.name")}
            value={name}
            onChange={(e) => setName(e.target.value)}
            onPressEnter={add}
            data-testid="category-name"
          />
          <Input
            placeholder={t("catalog.categories.nameEn")}
            aria-label={t("catalog.categories.nameEn")}
            value={nameEn}
            onChange={(e) => setNameEn(e.target.value)}
            onPressEnter={add}
            data-testid="category-name-en"
          />
          <Button icon={<PlusOutlined />} onClick={add} data-testid="category-add">
            {parent
              ? t("catalog.categories.addUnder", { name: parent.name })
              : t("catalog.categories.addRoot")}
          </Button>
        </Flex>
      ) : null}
      <Tree
        blockNode
        defaultExpandAll
        treeData={toTree(categories.data?.items ?? [])}
        onSelect={(keys) => {
          const find = (nodes: CategoryNode[]): CategoryNode | null => {
            for (const n of nodes) {
              if (n.id === keys[0]) return n;
              const c = find(n.children);
              if (c) return c;
            }
            return null;
          };
          setParent(keys.length ? find(categories.data?.items ?? []) : null);
        }}
      />
    </Drawer>
  );
}
