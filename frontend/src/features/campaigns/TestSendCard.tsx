/** A test send: the campaign once to a staff address (email) or phone (SMS), as a chosen customer
 * would get it or with sample values, marked as a test; the draft is saved first. Its own small
 * form (no <form> element: it sits inside the wizard's). */
import { SendOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Flex, Form, Input, Select, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CustomerSearchSelect, type PickedCustomer } from "../../components/CustomerSearchSelect";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useServerErrors } from "../../lib/forms";
import { type TestSent, useTestSend } from "./api";
import { type Campaign, type Channel, CONTENT_LANGUAGES, type ContentLanguage } from "./content";

interface Values {
  to: string;
  language: ContentLanguage | "auto";
}

export function TestSendCard({
  channel,
  ensureSaved,
}: {
  channel: Channel;
  /** Saves the draft and answers the saved campaign, or null when it could not be saved. */
  ensureSaved: () => Promise<Campaign | null>;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [customer, setCustomer] = useState<PickedCustomer | null>(null);
  const [sent, setSent] = useState<TestSent | null>(null);
  const [busy, setBusy] = useState(false);
  const send = useTestSend();
  const server = useServerErrors(form, ["to", "customer_id", "language"]);

  const submit = async (v: Values) => {
    server.reset();
    setSent(null);
    setBusy(true);
    try {
      const campaign = await ensureSaved();
      if (!campaign) return;
      const result = await send.mutateAsync({
        id: campaign.id,
        to: v.to,
        customerId: customer?.id,
        language: v.language === "auto" ? undefined : v.language,
      });
      setSent(result);
    } catch (err) {
      // A 422 names `to`; a refused send (409 test_send_failed) says why in the alert.
      server.handle(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t("campaigns.test.title")} data-testid="campaign-test">
      <Form<Values>
        form={form}
        component={false}
        layout="vertical"
        initialValues={{ to: "", language: "auto" }}
        onFinish={(v) => void submit(v)}
      >
        <Typography.Paragraph type="secondary">{t(`campaigns.test.help.${channel}`)}</Typography.Paragraph>
        <Form.Item
          name="to"
          label={t(`campaigns.test.to.${channel}`)}
          rules={[{ required: true, whitespace: true, message: t("campaigns.test.toRequired") }]}
        >
          <Input
            maxLength={254}
            placeholder={t(`campaigns.test.toPlaceholder.${channel}`)}
            onPressEnter={() => form.submit()}
            data-testid="test-to"
          />
        </Form.Item>
        <Form.Item label={t("campaigns.test.customer")} extra={t("campaigns.test.customerHelp")}>
          <CustomerSearchSelect
            value={customer}
            onChange={setCustomer}
            placeholder={t("campaigns.test.sample")}
            testId="test-customer"
            width="100%"
          />
        </Form.Item>
        <Form.Item name="language" label={t("campaigns.preview.language")}>
          <Select
            options={[
              { value: "auto", label: t("campaigns.preview.herLanguage") },
              ...CONTENT_LANGUAGES.map((l) => ({ value: l, label: t(`campaigns.languages.${l}`) })),
            ]}
            data-testid="test-language"
            style={{ width: 200 }}
          />
        </Form.Item>
        <ProblemAlert error={server.error} />
        <Flex vertical gap={8}>
          <Button
            icon={<SendOutlined />}
            onClick={() => form.submit()}
            loading={busy}
            data-testid="test-send"
          >
            {t("campaigns.test.send")}
          </Button>
          {sent ? (
            <Alert
              type="success"
              showIcon
              title={t("campaigns.test.sent", {
                to: sent.to,
                language: t(`campaigns.languages.${sent.language}`),
              })}
              description={sent.subject.trim() ? sent.subject : undefined}
              data-testid="test-result"
            />
          ) : null}
        </Flex>
      </Form>
    </Card>
  );
}
