import { PhoneOutlined } from "@ant-design/icons";
import { phoneHref } from "../lib/format";
import { useFormat } from "../lib/useFormat";

/**
 * A stored (E.164) phone number, grouped for reading in the reader's language and dialled with a
 * tap (tel: link); "—" when there is none. Every page that shows a phone uses this, so the
 * formatting and the link stay one.
 */
export function PhoneLink({
  value,
  testId = "phone-link",
}: {
  value: string | null | undefined;
  testId?: string;
}) {
  const { phone } = useFormat();
  const href = phoneHref(value);
  if (!href) return <>—</>;
  return (
    <a href={href} data-testid={testId} style={{ whiteSpace: "nowrap" }} onClick={(e) => e.stopPropagation()}>
      <PhoneOutlined style={{ marginInlineEnd: 4 }} />
      {phone(value)}
    </a>
  );
}
