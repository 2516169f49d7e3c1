import { Form, Input, InputNumber, Modal, Select } from "antd";
import { useTranslation } from "react-i18next";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useServerErrors } from "../../lib/forms";
import { useStoreOptions } from "../../lib/stores";
import { useAdjust } from "./api";
import { ProductPicker } from "./ProductPicker";

/** Records a goods receipt or a stock correction for one product in one store. */
export function AdjustModal({
  open,
  onClose,
  storeId,
}: {
  open: boolean;
  onClose: () => void;
  storeId?: string;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const stores = useStoreOptions();
  const adjust = useAdjust();
  const server = useServerErrors(form, ["store_id", "product_id", "quantity_delta", "reason", "kind"]);
  return (
    <Modal
      open={open}
      title={t("inventory.adjust")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      okButtonProps={{ loading: adjust.isPending, "data-testid": "adjust-save" }}
      destroyOnHidden
    >
      <ProblemAlert error={server.error} />
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ kind: "receipt", store_id: storeId, quantity_delta: 1, reason: "" }}
        onFinish={(v) => adjust.mutate(v, { onSuccess: onClose, onError: server.handle })}
      >
        <Form.Item label={t("inventory.fields.kind")} name="kind">
          <Select
            options={["receipt", "adjustment"].map((k) => ({ value: k, label: t(`inventory.kind.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          label={t("orders.fields.store")}
          name="store_id"
          rules={[{ required: true, message: t("validation.required") }]}
        >
          <Select options={stores.data ?? []} />
        </Form.Item>
        <Form.Item
          label={t("orders.fields.product")}
          name="product_id"
          rules={[{ required: true, message: t("validation.required") }]}
        >
          <ProductPicker />
        </Form.Item>
        <Form.Item
          label={t("inventory.fields.delta")}
          name="quantity_delta"
          extra={t("inventory.deltaHelp")}
          rules={[{ required: true, message: t("validation.required") }]}
        >
          <InputNumber precision={0} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item
          label={t("inventory.fields.reason")}
          name="reason"
          rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
        >
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
