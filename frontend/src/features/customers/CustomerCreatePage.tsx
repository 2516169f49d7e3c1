import { useNavigate } from "@tanstack/react-router";
import { App, Card } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { useCreateCustomer } from "./api";
import { CustomerForm } from "./CustomerForm";
import { toDuplicateCheck } from "./customerFormValues";
import { DuplicateWarning } from "./DuplicateWarning";

export function CustomerCreatePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const create = useCreateCustomer();
  const [draft, setDraft] = useState<ReturnType<typeof toDuplicateCheck>>(null);
  return (
    <>
      <PageHeader title={t("customers.new")} />
      <Card>
        <DuplicateWarning draft={draft} />
        <CustomerForm
          onDraftChange={(values) => setDraft(toDuplicateCheck(values))}
          submitting={create.isPending}
          error={create.error}
          onSubmit={(body) =>
            create.mutate(body, {
              onSuccess: (customer) => {
                message.success(t("common.saved"));
                void navigate({ to: "/customers/$id", params: { id: customer.id } });
              },
            })
          }
        />
      </Card>
    </>
  );
}
