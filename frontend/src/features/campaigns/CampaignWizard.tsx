/** The campaign wizard: Audience → Content → Send settings → Review, one form over all four
 * steps (each kept mounted, so an error the server names on another step still finds its field).
 * Moving between steps saves the draft — created the first time, then changed with If-Match — and
 * a 422 opens the step holding its field; the review schedules it. */
import { useNavigate } from "@tanstack/react-router";
import { Alert, App, Button, Flex, Form, Steps } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useFormat } from "../../lib/useFormat";
import { AudienceStep } from "./AudienceStep";
import { NO_VALUES, useCampaignAction } from "./actions";
import type { CampaignWithEtag } from "./api";
import { ContentStep } from "./ContentStep";
import { type Campaign, sameBody, savedBody, updateBody, type WizardForm, wizardValues } from "./content";
import { STEP_FIELDS, STEPS, type Step } from "./errors";
import { ReviewStep } from "./ReviewStep";
import { SendStep } from "./SendStep";
import { toInstant, toWallClock } from "./schedule";
import { useCampaignDraft } from "./useCampaignDraft";

function initialValues(c: Campaign | undefined, zone: string | undefined): WizardForm {
  const later = c?.scheduled_at ? Date.parse(c.scheduled_at) > Date.now() : false;
  return {
    ...wizardValues(c),
    when: later ? "later" : "now",
    scheduled_at: later && c?.scheduled_at ? toWallClock(c.scheduled_at, zone) : null,
  };
}

export function CampaignWizard({
  initial,
  step,
  onStep,
  onCreated,
  onReload,
}: {
  initial?: CampaignWithEtag;
  step: number;
  onStep: (step: number) => void;
  /** The first save made the draft: carry on at `step` of its own wizard. */
  onCreated: (campaign: Campaign, step: number) => void;
  /** After a 412: read the campaign again and start over from it. */
  onReload?: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const fmt = useFormat();
  const [form] = Form.useForm<WizardForm>();
  // The values the form starts from; the form keeps what is typed from then on.
  const [initialForm] = useState(() => initialValues(initial?.campaign, fmt.timeZone));
  const draft = useCampaignDraft(form, initial);
  const schedule = useCampaignAction();
  const watched = Form.useWatch([], form);
  const campaign = draft.campaign;
  const dirty = Boolean(
    campaign &&
      watched &&
      !sameBody(
        updateBody(form.getFieldsValue(true), draft.choosesStores),
        savedBody(campaign, draft.choosesStores),
      ),
  );
  const current: Step = STEPS[step] ?? "audience";
  const channel = watched?.channel ?? campaign?.channel ?? "email";

  /** Saves; on success answers the campaign, otherwise opens the step the error is on. */
  const save = async (stayAt?: number): Promise<Campaign | null> => {
    const result = await draft.persist();
    if (result.ok) {
      if (result.created) onCreated(result.campaign, stayAt ?? step);
      return result.campaign;
    }
    if (result.step) onStep(STEPS.indexOf(result.step));
    return null;
  };

  const go = async (target: number) => {
    if (target === step) return;
    if (target > step) {
      try {
        await form.validateFields(STEP_FIELDS[current]);
      } catch {
        return;
      }
    }
    const saved = await save(target);
    if (saved && campaign) onStep(target);
  };

  const saveOnly = async () => {
    try {
      await form.validateFields([["name"]]);
    } catch {
      onStep(0);
      return;
    }
    if (await save()) void message.success(t("campaigns.wizard.saved"));
  };

  const runSchedule = async () => {
    const saved = await save();
    if (!saved) return;
    const v = form.getFieldsValue(true);
    if (v.when === "later") {
      try {
        await form.validateFields([["scheduled_at"]]);
      } catch {
        onStep(STEPS.indexOf("send"));
        return;
      }
    }
    const scheduledAt = v.when === "later" && v.scheduled_at ? toInstant(v.scheduled_at, fmt.timeZone) : null;
    // Awaited rather than given callbacks: the answer changes the cached campaign, which may
    // unmount this wizard before a callback would run.
    try {
      const c = await schedule.mutateAsync({
        campaign: saved,
        action: "schedule",
        values: { ...NO_VALUES, scheduledAt },
      });
      void message.success(
        t(`campaigns.review.done.${c.status === "pending_approval" ? "approval" : "scheduled"}`),
      );
      void navigate({ to: "/campaigns/$campaignId", params: { campaignId: c.id } });
    } catch (err) {
      const at = draft.handle(err);
      if (at) onStep(STEPS.indexOf(at));
    }
  };

  return (
    <Flex vertical gap={16} data-testid="campaign-wizard" data-step={current}>
      {draft.stale ? (
        <Alert
          type="warning"
          showIcon
          title={t("campaigns.wizard.staleTitle")}
          description={t("campaigns.wizard.staleBody")}
          data-testid="campaign-stale"
          action={
            onReload ? (
              <Button size="small" onClick={onReload} data-testid="campaign-reload">
                {t("common.reload")}
              </Button>
            ) : null
          }
        />
      ) : null}
      <ProblemAlert error={draft.problem} />
      <Steps
        current={step}
        onChange={(target) => void go(target)}
        items={STEPS.map((s) => ({ title: t(`campaigns.steps.${s}`), disabled: draft.saving }))}
        data-testid="campaign-steps"
      />
      <Form<WizardForm> form={form} component={false} layout="vertical" initialValues={initialForm}>
        <div hidden={current !== "audience"}>
          <AudienceStep
            campaign={campaign}
            choosesStores={draft.choosesStores}
            onSave={() => void saveOnly()}
            saving={draft.saving}
          />
        </div>
        <div hidden={current !== "content"}>
          <ContentStep
            campaign={campaign}
            dirty={dirty}
            languageErrors={draft.languageErrors}
            onSave={() => void save()}
            saving={draft.saving}
          />
        </div>
        <div hidden={current !== "send"}>
          <SendStep channel={channel} ensureSaved={() => save()} />
        </div>
        <div hidden={current !== "review"}>
          {current === "review" ? (
            <ReviewStep
              campaign={campaign}
              onSchedule={() => void runSchedule()}
              scheduling={schedule.isPending || draft.saving}
            />
          ) : null}
        </div>
      </Form>
      <Flex gap={8} wrap>
        {step > 0 ? (
          <Button onClick={() => void go(step - 1)} disabled={draft.saving} data-testid="wizard-prev">
            {t("campaigns.wizard.prev")}
          </Button>
        ) : null}
        {step < STEPS.length - 1 ? (
          <Button
            type="primary"
            onClick={() => void go(step + 1)}
            loading={draft.saving}
            data-testid="wizard-next"
          >
            {t("campaigns.wizard.next")}
          </Button>
        ) : null}
        <Button onClick={() => void saveOnly()} disabled={draft.saving} data-testid="wizard-save">
          {t("campaigns.wizard.saveDraft")}
        </Button>
        {campaign ? (
          <Button
            type="link"
            onClick={() =>
              void navigate({ to: "/campaigns/$campaignId", params: { campaignId: campaign.id } })
            }
            data-testid="wizard-close"
          >
            {t("campaigns.wizard.close")}
          </Button>
        ) : null}
      </Flex>
    </Flex>
  );
}
