import { useNavigate } from "@tanstack/react-router";
import { App, Form, Input, Modal, Select } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import { useCustomerSearch } from "../../lib/customers";
import { useServerErrors } from "../../lib/forms";
import { localName } from "../../lib/names";
import { useFormat } from "../../lib/useFormat";
import { createTicket, type TicketCreate, useCategories, useCustomerOrders } from "./api";
import { PRIORITIES, type Priority } from "./search";

interface Values {
  customer_id?: string;
  order_id?: string;
  subject?: string;
  description?: string;
  priority: Priority;
  category_id?: string;
}

const FIELDS = ["customer_id", "order_id", "subject", "description", "priority", "category_id", "store_id"];

export function TicketCreateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [q, setQ] = useState("");
  const [pending, setPending] = useState(false);
  const customers = useCustomerSearch(q);
  const customerId = Form.useWatch("customer_id", form);
  const orders = useCustomerOrders(customerId, useCan("orders:read"));
  const categories = useCategories();
  const server = useServerErrors(form, FIELDS);

  useEffect(() => {
    if (open) {
      form.resetFields();
      server.reset();
    }
  }, [open, form, server.reset]);

  const finish = async (v: Values) => {
    const body: TicketCreate = {
      customer_id: v.customer_id ?? "",
      subject: (v.subject ?? "").trim(),
      description: v.description ?? "",
      priority: v.priority,
      order_id: v.order_id ?? null,
      category_id: v.category_id ?? null,
    };
    setPending(true);
    try {
      const ticket = await createTicket(body);
      message.success(t("tickets.created", { number: ticket.number }));
      onClose();
      await navigate({ to: "/tickets/$id", params: { id: ticket.id } });
    } catch (err) {
      server.handle(err);
    } finally {
      setPending(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t("tickets.new")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      okButtonProps={{ loading: pending, "data-testid": "ticket-create-save" }}
      destroyOnHidden
      width={560}
    >
      <ProblemAlert error={server.error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ priority: "normal" }}
        onFinish={(v) => void finish(v)}
      >
        <Form.Item
          label={t("tickets.fields.customer")}
          name="customer_id"
          rules={[{ required: true, message: t("validation.required") }]}
        >
          <Select
            showSearch={{ filterOption: false, onSearch: setQ }}
            placeholder={t("tickets.customerPlaceholder")}
            options={(customers.data?.items ?? []).map((c) => ({
              value: c.id,
              label: c.phone ? `${c.name} · ${fmt.phone(c.phone)}` : c.name,
            }))}
            onChange={() => form.setFieldValue("order_id", undefined)}
            data-testid="ticket-customer"
          />
        </Form.Item>
        <Form.Item label={t("tickets.fields.order")} name="order_id">
          <Select
            allowClear
            disabled={!customerId}
            placeholder={t("tickets.orderPlaceholder")}
            options={(orders.data?.items ?? []).map((o) => ({
              value: o.id,
              label: `${o.number} · ${t(`orders.status.${o.status}`)}`,
            }))}
            data-testid="ticket-order"
          />
        </Form.Item>
        <Form.Item
          label={t("tickets.fields.subject")}
          name="subject"
          rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
        >
          <Input maxLength={200} data-testid="ticket-subject" />
        </Form.Item>
        <Form.Item label={t("tickets.fields.description")} name="description">
          <Input.TextArea rows={3} data-testid="ticket-description" />
        </Form.Item>
        <Form.Item label={t("tickets.fields.priority")} name="priority">
          <Select
            options={PRIORITIES.map((p) => ({ value: p, label: t(`tickets.priority.${p}`) }))}
            data-testid="ticket-priority"
          />
        </Form.Item>
        <Form.Item label={t("tickets.fields.category")} name="category_id">
          <Select
            allowClear
            options={(categories.data?.items ?? [])
              .filter((c) => c.active)
              .map((c) => ({ value: c.id, label: localName(c, i18n.language) }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
