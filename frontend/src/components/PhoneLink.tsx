import { phoneHref } from "../lib/format";
import { useFormat } from "../lib/useFormat";

/** A phone number, grouped for reading and dialled with a tap (tel: link); "—" when there is none. */
export function PhoneLink({ value }: { value: string | null | undefined }) {
  const { phone } = useFormat();
  const href = phoneHref(value);
  if (!href) return <>—</>;
  return (
    <a href={href} data-testid="phone-link" onClick={(e) => e.stopPropagation()}>
      {phone(value)}
    </a>
  );
}
