import { Col, Form, Input, InputNumber, Modal, Row, Select } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { CustomFieldInputs } from "../../components/CustomFieldInputs";
import { ProblemAlert } from "../../components/ProblemAlert";
import { toProblem } from "../../lib/api/problem";
import {
  type CustomField,
  customBody,
  type InputValue,
  inputValues,
  useCustomFields,
} from "../../lib/customFields";
import { amountExample, amountPattern, currencyPlaces, currencySymbol } from "../../lib/format";
import { useServerErrors } from "../../lib/forms";
import { useFormat } from "../../lib/useFormat";
import {
  categoryOptions,
  fetchProduct,
  type Product,
  type ProductCreate,
  useCategories,
  useSaveProduct,
} from "./api";

interface FormValues {
  sku: string;
  barcode: string;
  name_zh: string;
  name_en: string;
  category_id: string | null;
  unit: string;
  list_price: string;
  tax_rate: string;
  low_stock_threshold: number;
  external_id: string;
  custom: Record<string, InputValue>;
}

const FIELDS = [
  "sku",
  "barcode",
  "name_zh",
  "name_en",
  "category_id",
  "unit",
  "list_price",
  "tax_rate",
  "low_stock_threshold",
  "external_id",
  "custom",
];

function values(p: Product | undefined, fields: CustomField[]): FormValues {
  return {
    sku: p?.sku ?? "",
    barcode: p?.barcode ?? "",
    name_zh: p?.name_zh ?? "",
    name_en: p?.name_en ?? "",
    category_id: p?.category_id ?? null,
    unit: p?.unit ?? "",
    list_price: p?.list_price ?? "",
    tax_rate: p?.tax_rate ?? "0.13",
    low_stock_threshold: p?.low_stock_threshold ?? 0,
    external_id: p?.external_id ?? "",
    custom: inputValues(fields, p?.custom),
  };
}

/** Create (no id) or edit a product; edits send If-Match with the ETag read when the form opened. */
export function ProductFormModal({ id, open, onClose }: { id?: string; open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const [etag, setEtag] = useState<string | undefined>();
  const [loadError, setLoadError] = useState<unknown>(null);
  const save = useSaveProduct();
  const categories = useCategories();
  const server = useServerErrors(form, FIELDS);
  const fields = useCustomFields("product");
  const definitions = fields.data;
  const { currency } = useFormat();
  const places = currencyPlaces(currency);

  useEffect(() => {
    // The custom fields' inputs start from their definitions: the form is filled once they are here.
    if (!open || !definitions) return;
    server.reset();
    setLoadError(null);
    if (!id) {
      form.setFieldsValue(values(undefined, definitions));
      return;
    }
    fetchProduct(id)
      .then(({ product, etag }) => {
        setEtag(etag);
        form.setFieldsValue(values(product, definitions));
      })
      .catch(setLoadError);
  }, [open, id, form, server.reset, definitions]);

  const stale = server.error ? toProblem(server.error).status === 412 : false;
  const onFinish = (v: FormValues) => {
    const body: ProductCreate = {
      sku: v.sku.trim(),
      barcode: v.barcode?.trim() || null,
      name_zh: v.name_zh?.trim() ?? "",
      name_en: v.name_en?.trim() ?? "",
      category_id: v.category_id ?? null,
      unit: v.unit?.trim() ?? "",
      list_price: String(v.list_price).trim(),
      tax_rate: v.tax_rate ? String(v.tax_rate).trim() : undefined,
      low_stock_threshold: v.low_stock_threshold ?? 0,
      external_id: v.external_id?.trim() || null,
    };
    if (definitions?.length) body.custom = customBody(definitions, v.custom);
    save.mutate({ id, etag, body }, { onSuccess: onClose, onError: server.handle });
  };

  return (
    <Modal
      open={open}
      title={id ? t("catalog.edit") : t("catalog.new")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      okButtonProps={{ loading: save.isPending, "data-testid": "product-save" }}
      width={720}
      destroyOnHidden
    >
      <ProblemAlert
        error={loadError ?? server.error}
        extra={stale ? <div>{t("catalog.stale")}</div> : null}
      />
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={values(undefined, definitions ?? [])}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              label={t("catalog.fields.sku")}
              name="sku"
              rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
            >
              <Input autoFocus />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t("catalog.fields.barcode")} name="barcode">
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label={t("catalog.fields.nameZh")}
              name="name_zh"
              rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t("catalog.fields.nameEn")} name="name_en">
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t("catalog.fields.category")} name="category_id">
              <Select
                allowClear
                showSearch={{ optionFilterProp: "label" }}
                options={categoryOptions(categories.data?.items ?? [], i18n.language)}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item label={t("catalog.fields.unit")} name="unit">
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              label={t("catalog.fields.listPrice")}
              name="list_price"
              rules={[
                { required: true, message: t("validation.required") },
                {
                  pattern: amountPattern(places),
                  message: t("catalog.priceFormat", { example: amountExample(places) }),
                },
              ]}
            >
              <Input inputMode="decimal" prefix={currencySymbol(currency, i18n.language)} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item label={t("catalog.fields.taxRate")} name="tax_rate" extra={t("catalog.taxRateHelp")}>
              <Input inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item label={t("catalog.fields.lowStock")} name="low_stock_threshold">
              <InputNumber min={0} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t("catalog.fields.externalId")} name="external_id">
              <Input />
            </Form.Item>
          </Col>
          <CustomFieldInputs fields={definitions} />
        </Row>
      </Form>
    </Modal>
  );
}
