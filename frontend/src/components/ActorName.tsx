import { Tooltip } from "antd";

/** Who acted, by name; the e-mail (or key name) recorded at the time on hover. Before a name is
 * known (an API key, the system) the recorded label is shown as it is. */
export function ActorName({ name, label }: { name: string | null | undefined; label: string }) {
  if (!name) return <span data-testid="actor-name">{label}</span>;
  return (
    <Tooltip title={label !== name ? label : undefined}>
      <span data-testid="actor-name">{name}</span>
    </Tooltip>
  );
}
