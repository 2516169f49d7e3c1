/** The return (RMA) lifecycle's actions: where each button sits, which dialog it needs, which call it makes. */
import { useMutation } from "@tanstack/react-query";
import { type ActionSpec, barActions } from "../../lib/actions";
import { api, unwrap } from "../../lib/api/client";
import { idempotencyKey } from "../../lib/idempotency";
import { type RefundIn, type Return, useRefreshOrder } from "./api";

export type ReturnAction = Return["allowed_actions"][number];

/** What the return dialog collected; each action reads only the fields its form asks for. */
export interface ReturnActionValues {
  reason: string;
  store_id: string | null;
  refund: RefundIn;
}

export const NO_RETURN_VALUES: ReturnActionValues = {
  reason: "",
  store_id: null,
  refund: { method: "cash", amount: null, reference: "" },
};

/** none: runs on click; reason: a required reason; receive: the store taking the goods back;
 * refund: method, amount and reference. */
export type ReturnForm = "none" | "reason" | "receive" | "refund";
type ReturnActionSpec = ActionSpec<ReturnForm, (ret: Return, v: ReturnActionValues) => Promise<Return>>;

const init = (ret: Return) => ({ params: { path: { return_id: ret.id } }, headers: idempotencyKey() });

export const RETURN_ACTIONS = {
  approve: {
    rank: 10,
    placement: "bar",
    tone: "default",
    form: "none",
    label: "orders.returns.actions.approve",
    run: (ret) => unwrap(api.POST("/api/v1/returns/{return_id}/approve", init(ret))),
  },
  reject: {
    rank: 20,
    placement: "bar",
    tone: "danger",
    form: "reason",
    label: "orders.returns.actions.reject",
    run: (ret, v) =>
      unwrap(api.POST("/api/v1/returns/{return_id}/reject", { ...init(ret), body: { reason: v.reason } })),
  },
  receive: {
    rank: 30,
    placement: "bar",
    tone: "default",
    form: "receive",
    label: "orders.returns.actions.receive",
    run: (ret, v) =>
      unwrap(
        api.POST("/api/v1/returns/{return_id}/receive", { ...init(ret), body: { store_id: v.store_id } }),
      ),
  },
  refund: {
    rank: 40,
    placement: "bar",
    tone: "primary",
    form: "refund",
    label: "orders.returns.actions.refund",
    run: (ret, v) => unwrap(api.POST("/api/v1/returns/{return_id}/refund", { ...init(ret), body: v.refund })),
  },
} satisfies Record<ReturnAction, ReturnActionSpec>;

export function returnActionSpec(action: ReturnAction): ReturnActionSpec {
  return RETURN_ACTIONS[action];
}

/** The return's allowed actions that are buttons, in display order. */
export const returnBarActions = (ret: Return) =>
  barActions<ReturnAction>(RETURN_ACTIONS, ret.allowed_actions);

/** Runs one return action through the registry, then refreshes the order page. */
export function useReturnAction(orderId: string) {
  const refresh = useRefreshOrder(orderId);
  return useMutation({
    mutationFn: ({
      ret,
      action,
      values,
    }: {
      ret: Return;
      action: ReturnAction;
      values: ReturnActionValues;
    }) => returnActionSpec(action).run(ret, values),
    onSuccess: refresh,
  });
}
