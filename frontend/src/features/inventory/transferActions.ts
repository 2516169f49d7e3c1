/** The stock transfer lifecycle's actions: where each button sits and which call it makes. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ActionSpec, barActions } from "../../lib/actions";
import { api, unwrap } from "../../lib/api/client";
import { idempotencyKey } from "../../lib/idempotency";
import type { Transfer } from "./api";

export type TransferAction = Transfer["allowed_actions"][number];

/** Every transfer action runs on click. */
type TransferActionSpec = ActionSpec<"none", (id: string) => Promise<Transfer>>;

function move(path: `/api/v1/transfers/{transfer_id}/${"ship" | "receive" | "cancel"}`) {
  return (id: string) =>
    unwrap(api.POST(path, { params: { path: { transfer_id: id } }, headers: idempotencyKey() }));
}

export const TRANSFER_ACTIONS = {
  ship: {
    rank: 10,
    placement: "bar",
    tone: "default",
    form: "none",
    label: "inventory.transferActions.ship",
    run: move("/api/v1/transfers/{transfer_id}/ship"),
  },
  receive: {
    rank: 20,
    placement: "bar",
    tone: "default",
    form: "none",
    label: "inventory.transferActions.receive",
    run: move("/api/v1/transfers/{transfer_id}/receive"),
  },
  cancel: {
    rank: 30,
    placement: "bar",
    tone: "danger",
    form: "none",
    label: "inventory.transferActions.cancel",
    run: move("/api/v1/transfers/{transfer_id}/cancel"),
  },
} satisfies Record<TransferAction, TransferActionSpec>;

export function transferActionSpec(action: TransferAction): TransferActionSpec {
  return TRANSFER_ACTIONS[action];
}

/** The transfer's allowed actions, in display order. */
export const transferBarActions = (x: Transfer) =>
  barActions<TransferAction>(TRANSFER_ACTIONS, x.allowed_actions);

/** Runs one transfer action through the registry, then refreshes stock, movements and transfers. */
export function useTransferAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: TransferAction }) =>
      transferActionSpec(action).run(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["inventory"] }),
  });
}
