import { getRouteApi } from "@tanstack/react-router";
import { Col, Row, Skeleton } from "antd";
import { useMemo, useState } from "react";
import { ErrorState } from "../../components/ProblemAlert";
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
  const stores = useStoreOptions();
  const [modal, setModal] = useState<OrderAction | null>(null);
  const [editingHeader, setEditingHeader] = useState(false);
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
          <OrderDetailsCard order={o} storeName={storeName.get(o.store_id)} />
          <OrderLinesCard order={o} />
          <PaymentsCard order={o} />
          <ReturnsCard order={o} />
        </Col>
        <Col xs={24} lg={8}>
          <OrderSidebar order={o} />
        </Col>
      </Row>
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
