import { PlusOutlined } from "@ant-design/icons";
import { Button, Flex, Form, Input, InputNumber, Modal, Select } from "antd";
import { useTranslation } from "react-i18next";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useServerErrors } from "../../lib/forms";
import { useStoreOptions } from "../../lib/stores";
import { useCreateTransfer } from "./api";
import { ProductPicker } from "./ProductPicker";

interface TransferValues {
  from_store_id: string;
  to_store_id: string;
  note: string;
  lines: { product_id: string; quantity: number }[];
}

/** Creates a transfer of products from one store to another. */
export function TransferModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TransferValues>();
  const stores = useStoreOptions();
  const create = useCreateTransfer();
  const server = useServerErrors(form, ["from_store_id", "to_store_id", "lines", "note"]);
  return (
    <Modal
      open={open}
      title={t("inventory.newTransfer")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      okButtonProps={{ loading: create.isPending, "data-testid": "transfer-save" }}
      width={640}
      destroyOnHidden
    >
      <ProblemAlert error={server.error} />
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ lines: [{ quantity: 1 }], note: "" }}
        onFinish={(v) => create.mutate(v, { onSuccess: onClose, onError: server.handle })}
      >
        <Flex gap={8}>
          <Form.Item
            label={t("inventory.fields.from")}
            name="from_store_id"
            style={{ flex: 1 }}
            rules={[{ required: true, message: t("validation.required") }]}
          >
            <Select options={stores.data ?? []} />
          </Form.Item>
          <Form.Item
            label={t("inventory.fields.to")}
            name="to_store_id"
            style={{ flex: 1 }}
            rules={[{ required: true, message: t("validation.required") }]}
          >
            <Select options={stores.data ?? []} />
          </Form.Item>
        </Flex>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Flex key={f.key} gap={8} align="baseline">
                  <Form.Item
                    name={[f.name, "product_id"]}
                    style={{ flex: 1 }}
                    rules={[{ required: true, message: t("validation.required") }]}
                  >
                    <ProductPicker />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, "quantity"]}
                    rules={[{ required: true, message: t("validation.required") }]}
                  >
                    <InputNumber min={1} precision={0} aria-label={t("orders.fields.quantity")} />
                  </Form.Item>
                  <Button type="text" onClick={() => remove(f.name)} disabled={fields.length === 1}>
                    {t("common.delete")}
                  </Button>
                </Flex>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ quantity: 1 })}
                style={{ marginBottom: 16 }}
              >
                {t("inventory.addLine")}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item label={t("orders.fields.note")} name="note">
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
