import { PhoneOutlined } from "@ant-design/icons";
import { formatPhone } from "../lib/format";

/**
 * A stored (E.164) phone number as a tap-to-call link, shown formatted; "—" when there is none.
 * Every page that shows a customer's phone uses this, so the formatting and the link stay one.
 */
export function PhoneLink({ phone, testId }: { phone: string | null | undefined; testId?: string }) {
  if (!phone) return <>—</>;
  return (
    <a href={`tel:${phone}`} data-testid={testId} style={{ whiteSpace: "nowrap" }}>
      <PhoneOutlined style={{ marginInlineEnd: 4 }} />
      {formatPhone(phone)}
    </a>
  );
}
