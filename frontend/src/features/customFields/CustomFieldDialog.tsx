/** Add or change a custom field: labels, type, options (for select and multiselect), required
 * and filterable. Key and entity are fixed once the field exists. */
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Col, Form, Input, Modal, Row, Select, Space, Switch, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { ProblemAlert } from "../../components/ProblemAlert";
import type {
  CustomField,
  CustomFieldEntity,
  CustomFieldOption,
  CustomFieldType,
} from "../../lib/customFields";
import { FIELD_TYPES } from "../../lib/customFields";
import { useOnOpen, useServerErrors } from "../../lib/forms";
import { useCreateCustomField, useUpdateCustomField } from "./api";
import { dialogValues, type FieldFormValues, toCreate, toUpdate } from "./fieldForm";

const FIELDS = ["key", "label_zh", "label_en", "type", "options", "required", "filterable"];

export function CustomFieldDialog({
  open,
  entity,
  field,
  onClose,
}: {
  open: boolean;
  entity: CustomFieldEntity;
  /** The field being changed; none for a new one. */
  field?: CustomField;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FieldFormValues>();
  const server = useServerErrors(form, FIELDS);
  const create = useCreateCustomField();
  const update = useUpdateCustomField();
  const type: CustomFieldType | undefined = Form.useWatch("type", form);
  useOnOpen(open, () => {
    server.reset();
    create.reset();
    update.reset();
    form.resetFields();
    form.setFieldsValue(dialogValues(field));
  });

  const onFinish = (v: FieldFormValues) => {
    const done = { onSuccess: onClose, onError: server.handle };
    if (field) update.mutate({ id: field.id, version: field.version, body: toUpdate(v) }, done);
    else create.mutate(toCreate(entity, v), done);
  };
  const choice = type === "select" || type === "multiselect";

  return (
    <Modal
      open={open}
      title={field ? t("customFields.edit") : t("customFields.new")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      okButtonProps={{ loading: create.isPending || update.isPending, "data-testid": "custom-field-save" }}
      width={720}
      destroyOnHidden
    >
      <ProblemAlert error={server.error} />
      <Form<FieldFormValues> form={form} layout="vertical" onFinish={onFinish}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              label={t("customFields.fields.key")}
              name="key"
              extra={t("customFields.keyHelp")}
              rules={[
                { required: true, message: t("validation.required") },
                { pattern: /^[a-z][a-z0-9_]{0,39}$/, message: t("customFields.keyFormat") },
              ]}
            >
              <Input disabled={Boolean(field)} data-testid="custom-field-key" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label={t("customFields.fields.type")}
              name="type"
              rules={[{ required: true, message: t("validation.required") }]}
              extra={field ? t("customFields.typeHelp") : undefined}
            >
              <Select
                data-testid="custom-field-type"
                options={FIELD_TYPES.map((v) => ({ value: v, label: t(`customFields.types.${v}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t("customFields.fields.labelZh")} name="label_zh">
              <Input maxLength={100} data-testid="custom-field-label-zh" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t("customFields.fields.labelEn")} name="label_en">
              <Input maxLength={100} data-testid="custom-field-label-en" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              label={t("customFields.fields.required")}
              name="required"
              valuePropName="checked"
              tooltip={t("customFields.requiredHelp")}
            >
              <Switch data-testid="custom-field-required" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              label={t("customFields.fields.filterable")}
              name="filterable"
              valuePropName="checked"
              tooltip={t("customFields.filterableHelp")}
            >
              <Switch data-testid="custom-field-filterable" />
            </Form.Item>
          </Col>
        </Row>
        {choice ? (
          <>
            <Typography.Text strong>{t("customFields.fields.options")}</Typography.Text>
            <Form.List name="options">
              {(items, { add, remove }, { errors }) => (
                <div data-testid="custom-field-options">
                  {items.map((item, index) => (
                    <Space key={item.key} align="baseline" wrap style={{ display: "flex", marginTop: 8 }}>
                      <Form.Item
                        name={[item.name, "value"]}
                        rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
                        style={{ marginBottom: 0 }}
                      >
                        <Input
                          placeholder={t("customFields.option.value")}
                          aria-label={t("customFields.option.value")}
                          data-testid={`custom-option-value-${index}`}
                        />
                      </Form.Item>
                      <Form.Item name={[item.name, "label_zh"]} style={{ marginBottom: 0 }}>
                        <Input
                          placeholder={t("customFields.option.labelZh")}
                          aria-label={t("customFields.option.labelZh")}
                          data-testid={`custom-option-zh-${index}`}
                        />
                      </Form.Item>
                      <Form.Item name={[item.name, "label_en"]} style={{ marginBottom: 0 }}>
                        <Input
                          placeholder={t("customFields.option.labelEn")}
                          aria-label={t("customFields.option.labelEn")}
                          data-testid={`custom-option-en-${index}`}
                        />
                      </Form.Item>
                      <Button
                        icon={<DeleteOutlined />}
                        aria-label={t("customFields.option.remove")}
                        onClick={() => remove(item.name)}
                      />
                    </Space>
                  ))}
                  <Button
                    style={{ marginTop: 8 }}
                    icon={<PlusOutlined />}
                    onClick={() => add({ value: "", label_zh: "", label_en: "" } satisfies CustomFieldOption)}
                    data-testid="custom-option-add"
                  >
                    {t("customFields.option.add")}
                  </Button>
                  <Form.ErrorList errors={errors} />
                </div>
              )}
            </Form.List>
          </>
        ) : null}
      </Form>
    </Modal>
  );
}
