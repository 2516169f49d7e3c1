/** The order lifecycle's actions: where each button sits, which dialog it needs, which call it makes. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ActionSpec, barActions } from "../../lib/actions";
import { api, unwrap } from "../../lib/api/client";
import { idempotencyKey } from "../../lib/idempotency";
import { attachCustomer, discardOrder, type LineIn, type Order, orderQuery, replaceLines } from "./api";
import { toDecimal } from "./draft";

export type OrderAction = Order["allowed_actions"][number];

/** What the action dialog collected; each action reads only the fields its form asks for. */
export interface OrderActionValues {
  reason: string;
  carrier: string;
  tracking_number: string;
  note: string;
  /** The order's lines after the edit (quantity > 0), for "edit" and "update_lines". */
  lines: LineIn[];
  /** Units to fulfil now per line, for "fulfil". */
  fulfil: { line_id: string; quantity: number }[];
  /** The member to attach, for "attach_customer". */
  customer_id: string;
}

export const NO_VALUES: OrderActionValues = {
  reason: "",
  carrier: "",
  tracking_number: "",
  note: "",
  lines: [],
  fulfil: [],
  customer_id: "",
};

/** none: runs on click; reason: a required reason; ship: carrier and tracking number;
 * fulfil: units per line; lines: quantities and added products; edit: lines plus a note;
 * customer: a member found by phone or created on the spot; confirm: a yes/no question. */
export type OrderForm = "none" | "reason" | "ship" | "fulfil" | "lines" | "edit" | "customer" | "confirm";
type OrderActionSpec = ActionSpec<OrderForm, (order: Order, v: OrderActionValues) => Promise<Order>>;

function post(path: `/api/v1/orders/{order_id}/${"submit" | "approve" | "deliver" | "complete"}`) {
  return (order: Order) =>
    unwrap(api.POST(path, { params: { path: { order_id: order.id } }, headers: idempotencyKey() }));
}

function withReason(path: `/api/v1/orders/{order_id}/${"reject" | "cancel"}`) {
  return (order: Order, v: OrderActionValues) =>
    unwrap(
      api.POST(path, {
        params: { path: { order_id: order.id } },
        headers: idempotencyKey(),
        body: { reason: v.reason },
      }),
    );
}

export const ORDER_ACTIONS = {
  submit: {
    rank: 10,
    placement: "bar",
    tone: "primary",
    form: "none",
    label: "orders.actions.submit",
    run: post("/api/v1/orders/{order_id}/submit"),
  },
  approve: {
    rank: 20,
    placement: "bar",
    tone: "primary",
    form: "none",
    label: "orders.actions.approve",
    run: post("/api/v1/orders/{order_id}/approve"),
  },
  reject: {
    rank: 30,
    placement: "bar",
    tone: "danger",
    form: "reason",
    label: "orders.actions.reject",
    run: withReason("/api/v1/orders/{order_id}/reject"),
  },
  fulfil: {
    rank: 40,
    placement: "bar",
    tone: "default",
    form: "fulfil",
    label: "orders.actions.fulfil",
    run: (order, v) =>
      unwrap(
        api.POST("/api/v1/orders/{order_id}/fulfil", {
          params: { path: { order_id: order.id } },
          headers: idempotencyKey(),
          body: { lines: v.fulfil },
        }),
      ),
  },
  ship: {
    rank: 50,
    placement: "bar",
    tone: "default",
    form: "ship",
    label: "orders.actions.ship",
    run: (order, v) =>
      unwrap(
        api.POST("/api/v1/orders/{order_id}/ship", {
          params: { path: { order_id: order.id } },
          headers: idempotencyKey(),
          body: { carrier: v.carrier, tracking_number: v.tracking_number },
        }),
      ),
  },
  deliver: {
    rank: 60,
    placement: "bar",
    tone: "default",
    form: "none",
    label: "orders.actions.deliver",
    run: post("/api/v1/orders/{order_id}/deliver"),
  },
  complete: {
    rank: 70,
    placement: "bar",
    tone: "default",
    form: "none",
    label: "orders.actions.complete",
    run: post("/api/v1/orders/{order_id}/complete"),
  },
  update_lines: {
    rank: 80,
    placement: "bar",
    tone: "default",
    form: "lines",
    label: "orders.actions.update_lines",
    run: (order, v) => replaceLines(order.id, v.lines, toDecimal(order.discount)),
  },
  edit: {
    rank: 90,
    placement: "bar",
    tone: "default",
    form: "edit",
    label: "orders.actions.edit",
    run: (order, v) =>
      unwrap(
        api.POST("/api/v1/orders/{order_id}/edit", {
          params: { path: { order_id: order.id }, header: { "If-Match": `"${order.version}"` } },
          headers: idempotencyKey(),
          body: { lines: v.lines, note: v.note },
        }),
      ),
  },
  cancel: {
    rank: 100,
    placement: "bar",
    tone: "danger",
    form: "reason",
    label: "orders.actions.cancel",
    run: withReason("/api/v1/orders/{order_id}/cancel"),
  },
  attach_customer: {
    rank: 5,
    placement: "bar",
    tone: "default",
    form: "customer",
    label: "orders.actions.attach_customer",
    run: (order, v) => attachCustomer(order, v.customer_id),
  },
  discard: {
    rank: 110,
    placement: "bar",
    tone: "danger",
    form: "confirm",
    label: "orders.actions.discard",
    run: (order) => discardOrder(order.id),
  },
} satisfies Record<OrderAction, OrderActionSpec>;

/** The order's allowed actions that are buttons, in display order. */
export const orderBarActions = (order: Order) =>
  barActions<OrderAction>(ORDER_ACTIONS, order.allowed_actions);

export function orderActionSpec(action: OrderAction): OrderActionSpec {
  return ORDER_ACTIONS[action];
}

/** Runs one order action through the registry and puts the returned order in the cache. */
export function useOrderAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      order,
      action,
      values,
    }: {
      order: Order;
      action: OrderAction;
      values: OrderActionValues;
    }) => orderActionSpec(action).run(order, values),
    onSuccess: (order) => {
      queryClient.setQueryData(orderQuery(order.id).queryKey, order);
      return queryClient.invalidateQueries({ queryKey: ["orders", "list"] });
    },
  });
}
