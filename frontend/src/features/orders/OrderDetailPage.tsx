import { getRouteApi } from "@tanstack/react-router";
import { Col, Grid, Row, Skeleton } from "antd";
import { useMemo, useState } from "react";
import { ErrorState } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import { useCustomerSummary } from "../../lib/customers";
import { useStoreOptions } from "../../lib/stores";
import type { OrderAction } from "./actions";
import { useOrder } from "./api";
import { DraftHeaderModal } from "./DraftHeaderModal";
import { OrderActionModal } from "./OrderActionModal";
import { OrderDetailsCard } from "./OrderDetailsCard";
import { OrderHeader } from "./OrderHeader";
import { OrderLinesCard } from "./OrderLinesCard";
import { OrderSidebar } from "./OrderSidebar";
import { PaymentsCard } from "./PaymentsCard";
import { ReturnsCard } from "./ReturnsCard";

const route = getRouteApi("/_app/orders/$id");

export function OrderDetailPage() {
  const { id } = route.useParams();
  const order = useOrder(id);
  // Her phone, when the reader may open her (the name comes with the order, masked or not).
  const openable =
    order.data && !order.data.customer_masked ? (order.data.customer_id ?? undefined) : undefined;
  const customer = useCustomerSummary(openable, useCan("customers:read"));
  const stores = useStoreOptions();
  const [modal, setModal] = useState<OrderAction | null>(null);
  const [editingHeader, setEditingHeader] = useState(false);
  const narrow = !(Grid.useBreakpoint().md ?? true);
  const storeName = useMemo(() => new Map((stores.data ?? []).map((s) => [s.value, s.label])), [stores.data]);

  // A failed background refresh keeps the page (and any open dialog) as it was.
  if (order.isError && !order.data) return <ErrorState error={order.error} />;
  if (!order.data) return <Skeleton active />;
  const o = order.data;

  return (
    <>
      <OrderHeader order={o} onOpen={setModal} onEditHeader={() => setEditingHeader(true)} />
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <OrderDetailsCard
            order={o}
            customerPhone={customer.data?.phone}
            storeName={storeName.get(o.store_id)}
          />
          <OrderLinesCard order={o} />
          <PaymentsCard order={o} />
          <ReturnsCard order={o} />
        </Col>
        <Col xs={24} lg={8}>
          <OrderSidebar order={o} />
        </Col>
      </Row>
      {/* Room for the phone's action bar (OrderHeader), so it never hides the timeline's end. */}
      {narrow ? <div style={{ height: 112 }} /> : null}
      <OrderActionModal order={o} action={modal} onClose={() => setModal(null)} />
      <DraftHeaderModal
        order={o}
        customerName={o.customer_masked ? undefined : (o.customer_name ?? undefined)}
        open={editingHeader}
        onClose={() => setEditingHeader(false)}
      />
    </>
  );
}
