import { Form, Input, Modal } from "antd";
import { useTranslation } from "react-i18next";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useQuickCreateCustomer } from "../../lib/customers";
import { normalizePhone } from "../../lib/format";
import { useServerErrors } from "../../lib/forms";

/** Creates a customer from a name and phone without leaving the till. */
export function QuickCustomerModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (c: { id: string; name: string; phone: string | null }) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; phone: string }>();
  const create = useQuickCreateCustomer();
  const server = useServerErrors(form, ["name", "phone"]);
  return (
    <Modal
      open={open}
      title={t("orders.capture.newCustomer")}
      onCancel={onClose}
      okText={t("common.save")}
      okButtonProps={{ loading: create.isPending, "data-testid": "quick-customer-save" }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <ProblemAlert error={server.error} />
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(v) => {
          server.reset();
          create.mutate(
            { name: v.name.trim(), phone: normalizePhone(v.phone ?? "") },
            {
              onSuccess: (c) => {
                onCreated(c);
                form.resetFields();
              },
              onError: server.handle,
            },
          );
        }}
      >
        <Form.Item
          label={t("customers.fields.name")}
          name="name"
          rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
        >
          <Input autoFocus maxLength={100} />
        </Form.Item>
        <Form.Item label={t("customers.fields.phone")} name="phone">
          <Input inputMode="tel" placeholder="13800138000" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
