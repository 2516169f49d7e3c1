/** The rules a segment form edits: the tree and its changes, what is wrong with it (found before
 * sending, or said by the server for the rules it was sent), and the live count of what it
 * selects, asked 500 ms after the last change. */
import { useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { toProblem } from "../../lib/api/problem";
import { useDebounced } from "../../lib/useDebounced";
import { type PreviewRequest, type Segment, usePreview, useSegmentFields } from "./api";
import type { PreviewState } from "./PreviewPanel";
import {
  buildRules,
  emptyGroup,
  errorsByNode,
  fromRules,
  type GroupNode,
  type LocalProblem,
  type NodeError,
  placeErrors,
  type Slot,
} from "./rules";
import type { SegmentKind } from "./search";

const PROBLEM_SLOTS: Record<LocalProblem, Slot> = {
  field: "field",
  unknownField: "field",
  operator: "operator",
  value: "value",
  emptyGroup: "conditions",
};
const PREVIEW_DELAY_MS = 500;

/** The rules being edited, what is wrong with them, and the live count of what they select. */
export function useRuleDraft(
  segment: Segment | undefined,
  kind: SegmentKind,
  storeIds: string[] | undefined,
) {
  const { t } = useTranslation();
  const catalogue = useSegmentFields();
  const fieldMap = useMemo(
    () => new Map((catalogue.data?.items ?? []).map((f) => [f.key, f])),
    [catalogue.data],
  );
  const [tree, setTree] = useState<GroupNode>(() =>
    segment?.rules ? fromRules(segment.rules) : emptyGroup("all"),
  );
  const [attempted, setAttempted] = useState(false);
  const [saveErrors, setSaveErrors] = useState<NodeError[]>([]);
  const edit = useCallback((change: (tree: GroupNode) => GroupNode) => {
    setTree(change);
    setSaveErrors([]);
  }, []);
  const built = useMemo(() => buildRules(tree, fieldMap), [tree, fieldMap]);
  const storesKey = (storeIds ?? []).join(",");
  const live = useMemo((): { tree: GroupNode; request: PreviewRequest } | null => {
    if (kind !== "dynamic" || !built.rules || !catalogue.data) return null;
    const stores = storesKey ? storesKey.split(",") : undefined;
    return { tree, request: { rules: built.rules, store_ids: stores } };
  }, [kind, built, catalogue.data, tree, storesKey]);
  const debounced = useDebounced(live, PREVIEW_DELAY_MS);
  const preview = usePreview(debounced?.request ?? null);

  const previewProblem = preview.error ? toProblem(preview.error) : null;
  const slotLabel = (slot: Slot) =>
    slot === "field" || slot === "operator" || slot === "value" || slot === "days"
      ? t(`segments.builder.slot.${slot}`)
      : "";
  const fromServer = (errors: NodeError[]) =>
    errors.map((e) => {
      const label = slotLabel(e.slot);
      return label
        ? { ...e, message: t("segments.builder.slotMessage", { slot: label, message: e.message }) }
        : e;
    });
  const previewErrors =
    previewProblem?.status === 422 && debounced
      ? placeErrors(previewProblem.errors, debounced.tree).placed
      : [];
  const local: NodeError[] = attempted
    ? built.problems.map((p) => ({
        nodeId: p.nodeId,
        slot: PROBLEM_SLOTS[p.problem],
        message: t(`segments.builder.problems.${p.problem}`),
      }))
    : [];
  const errors = errorsByNode([...local, ...fromServer(saveErrors), ...fromServer(previewErrors)]);

  let state: PreviewState;
  if (kind === "static") state = { kind: "static" };
  else if (!built.rules) state = { kind: "incomplete" };
  else if (previewProblem?.status === 422) state = { kind: "invalid" };
  else if (previewProblem) state = { kind: "failed", error: preview.error };
  else state = { kind: "counted", preview: preview.data, fetching: preview.isFetching || live !== debounced };

  return { catalogue, fieldMap, tree, edit, built, state, errors, setAttempted, setSaveErrors };
}
