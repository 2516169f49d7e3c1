/** Form inputs for the tenant's custom fields of a record, under the form's `custom` field. */
import { Col, DatePicker, Form, Input, InputNumber, Select, Switch } from "antd";
import { useTranslation } from "react-i18next";
import { activeFields, type CustomField, fieldLabel, optionLabel, removedOptions } from "../lib/customFields";

/** The control of one field. Form.Item hands its child `id`, `value`/`checked` and `onChange`:
 * they are passed on to the control, which is what binds it to the form. */
function FieldInput({ field, ...control }: { field: CustomField; [prop: string]: unknown }) {
  const { t, i18n } = useTranslation();
  // An option removed from the field since this record took it stays, marked, until changed
  // (the server takes it back unchanged; no other record can choose it).
  const options = [
    ...field.options.map((o) => ({ value: o.value, label: optionLabel(o, i18n.language) })),
    ...removedOptions(field, control.value).map((v) => ({
      value: v,
      label: t("customFields.removedOption", { value: v }),
    })),
  ];
  switch (field.type) {
    case "number":
      return <InputNumber precision={0} style={{ width: "100%" }} {...control} />;
    case "decimal":
      return <InputNumber stringMode style={{ width: "100%" }} {...control} />;
    case "date":
      return <DatePicker style={{ width: "100%" }} {...control} />;
    case "boolean":
      return <Switch {...control} />;
    case "select":
      return <Select allowClear options={options} {...control} />;
    case "multiselect":
      return <Select mode="multiple" allowClear options={options} {...control} />;
    default:
      return <Input maxLength={500} {...control} />;
  }
}

export function CustomFieldInputs({ fields }: { fields: CustomField[] | undefined }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {activeFields(fields).map((field) => (
        <Col xs={24} md={12} key={field.key}>
          <Form.Item
            label={fieldLabel(field, i18n.language)}
            name={["custom", field.key]}
            valuePropName={field.type === "boolean" ? "checked" : "value"}
            rules={
              field.required && field.type !== "boolean"
                ? [{ required: true, message: t("validation.required") }]
                : undefined
            }
            data-testid={`custom-field-${field.key}`}
          >
            <FieldInput field={field} />
          </Form.Item>
        </Col>
      ))}
    </>
  );
}
