/** /campaigns/new and /campaigns/$campaignId/edit: the wizard for a new campaign, and for a draft.
 * The first save of a new one moves to the draft's own address (the step in the URL), so a reload
 * goes on where the user was. */
import { getRouteApi, Link, useNavigate } from "@tanstack/react-router";
import { Button, Result, Skeleton } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import { type CampaignWithEtag, useCampaign } from "./api";
import { CampaignWizard } from "./CampaignWizard";

const newRoute = getRouteApi("/_app/campaigns/new");
const editRoute = getRouteApi("/_app/campaigns/$campaignId/edit");

export function CampaignNewPage() {
  const { t } = useTranslation();
  const search = newRoute.useSearch();
  const navigate = useNavigate();
  const canManage = useCan("campaigns:manage");
  if (!canManage)
    return (
      <Result
        status="403"
        title={t("problem.forbiddenTitle")}
        subTitle={t("problem.forbidden")}
        data-testid="forbidden"
      />
    );
  return (
    <>
      <PageHeader title={t("campaigns.new")} />
      <CampaignWizard
        step={search.step ?? 0}
        onStep={(step) =>
          void navigate({ to: "/campaigns/new", search: { step: step || undefined }, replace: true })
        }
        onCreated={(c, step) =>
          void navigate({
            to: "/campaigns/$campaignId/edit",
            params: { campaignId: c.id },
            search: { step: step || undefined },
            replace: true,
          })
        }
      />
    </>
  );
}

export function CampaignEditPage() {
  const { t } = useTranslation();
  const { campaignId } = editRoute.useParams();
  const search = editRoute.useSearch();
  const navigate = editRoute.useNavigate();
  const query = useCampaign(campaignId);
  // The wizard edits the draft as it was when the page opened (a reload after a 412 starts it
  // again from the campaign as it is then); later answers — its own saves, scheduling it — do
  // not swap the page from under it.
  const [opened, setOpened] = useState<CampaignWithEtag | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (query.data && (!opened || opened.campaign.id !== query.data.campaign.id)) setOpened(query.data);
  }, [query.data, opened]);

  if (query.isError) return <ErrorState error={query.error} />;
  if (!opened) return <Skeleton active />;
  const { campaign } = opened;
  if (!campaign.allowed_actions.includes("edit")) {
    return (
      <Result
        status="info"
        title={t("campaigns.wizard.notEditable")}
        data-testid="campaign-not-editable"
        extra={
          <Link to="/campaigns/$campaignId" params={{ campaignId }}>
            <Button type="primary">{t("campaigns.wizard.toCampaign")}</Button>
          </Link>
        }
      />
    );
  }
  return (
    <>
      <PageHeader title={t("campaigns.wizard.editTitle", { name: campaign.name })} />
      <CampaignWizard
        key={`${campaign.id}:${round}`}
        initial={opened}
        step={search.step ?? 0}
        onStep={(step) => void navigate({ search: { step: step || undefined }, replace: true })}
        onCreated={() => undefined}
        onReload={() =>
          void query.refetch().then((fresh) => {
            if (fresh.data) setOpened(fresh.data);
            setRound((n) => n + 1);
          })
        }
      />
    </>
  );
}
