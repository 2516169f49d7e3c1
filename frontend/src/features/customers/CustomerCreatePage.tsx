import { useNavigate } from "@tanstack/react-router";
import { App, Card } from "antd";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { useCreateCustomer } from "./api";
import { CustomerForm } from "./CustomerForm";

export function CustomerCreatePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const create = useCreateCustomer();
  return (
    <>
      <PageHeader title={t("customers.new")} />
      <Card>
        <CustomerForm
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
