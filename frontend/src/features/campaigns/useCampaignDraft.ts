/** The draft a wizard holds: the campaign as last saved and its ETag, saving what the form says
 * (created the first time, then changed with If-Match, and only when something changed), and the
 * server's objections put where they belong: field errors on their fields, a missing language on
 * its tab, a 412 as "someone else changed it", the rest in an alert. */
import type { FormInstance } from "antd";
import { useCallback, useState } from "react";
import { useProblemMessage } from "../../components/ProblemAlert";
import { ApiError, toProblem } from "../../lib/api/problem";
import { useMe } from "../../lib/auth/me";
import { useSaveDraft } from "./actions";
import type { CampaignWithEtag } from "./api";
import {
  type Campaign,
  type ContentLanguage,
  createBody,
  sameBody,
  savedBody,
  updateBody,
  type WizardForm,
} from "./content";
import { placeErrors, type Step } from "./errors";

export type SaveResult =
  | { ok: true; campaign: Campaign; created: boolean }
  | { ok: false; step: Step | null };

export function useCampaignDraft(form: FormInstance<WizardForm>, initial: CampaignWithEtag | undefined) {
  const problemMessage = useProblemMessage();
  const me = useMe();
  // Chain-wide staff choose the stores; a store-scoped one's campaign is fenced to hers by the server.
  const choosesStores = (me.data?.scope.kind ?? "all") === "all";
  const [current, setCurrent] = useState(initial);
  const [stale, setStale] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [languageErrors, setLanguageErrors] = useState<Partial<Record<ContentLanguage, string[]>>>({});
  const save = useSaveDraft();

  /** Shows what the server said; returns the step to open for it. */
  const handle = useCallback(
    (err: unknown): Step | null => {
      const p = toProblem(err);
      setProblem(null);
      if (p.status === 412) {
        setStale(true);
        return null;
      }
      if (p.code === "campaign_name_taken") {
        form.setFields([{ name: "name", errors: [problemMessage(p)] }]);
        return "audience";
      }
      if (p.status !== 422) {
        setProblem(err);
        return null;
      }
      const placed = placeErrors(p.errors);
      // The server names fields by path; the typed form knows them only as literal tuples.
      const byPath: FormInstance = form;
      byPath.setFields(placed.fields);
      setLanguageErrors(placed.languages);
      if (placed.unmatched.length > 0 || (placed.fields.length === 0 && !placed.step))
        setProblem(new ApiError({ ...p, errors: placed.unmatched }));
      return placed.step;
    },
    [form, problemMessage],
  );

  const persist = useCallback(async (): Promise<SaveResult> => {
    const values = form.getFieldsValue(true);
    const update = updateBody(values, choosesStores);
    if (current && sameBody(update, savedBody(current.campaign, choosesStores)))
      return { ok: true, campaign: current.campaign, created: false };
    try {
      const saved = await save.mutateAsync({
        campaign: current?.campaign,
        etag: current?.etag ?? "",
        create: createBody(values, choosesStores),
        update,
      });
      setCurrent(saved);
      setProblem(null);
      setLanguageErrors({});
      return { ok: true, campaign: saved.campaign, created: !current };
    } catch (err) {
      return { ok: false, step: handle(err) };
    }
  }, [form, current, choosesStores, save, handle]);

  return {
    campaign: current?.campaign,
    choosesStores,
    persist,
    handle,
    saving: save.isPending,
    stale,
    problem,
    languageErrors,
  };
}
