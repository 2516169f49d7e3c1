/**
 * One lifecycle action as the SPA offers it. Each aggregate's registry maps every value of its
 * generated `allowed_actions` enum to one of these (`satisfies Record<Action, …>`), so an action
 * the API adds fails the type check until the SPA knows where to show it and how to run it.
 */
export interface ActionSpec<Form extends string, Run> {
  /** Position among the aggregate's buttons, ascending. */
  rank: number;
  /**
   * "bar": a button among the aggregate's lifecycle buttons; "inline": offered by a control of
   * its own elsewhere on the page (an assignee picker, the editor's save), not as a button.
   */
  placement: "bar" | "inline";
  /** primary: the expected next step; danger: refuses or ends the lifecycle. */
  tone: "primary" | "danger" | "default";
  /** The dialog the action asks for before it runs; "none" runs it on click. */
  form: Form;
  /** i18n key of the button label (and of the dialog title). */
  label: string;
  /** Calls the API for this action. */
  run: Run;
}

type Ranked = { rank: number; placement: "bar" | "inline" };

/** The allowed actions that are buttons in the bar, in the registry's display order. */
export function barActions<A extends string>(registry: Record<A, Ranked>, allowed: readonly A[]): A[] {
  return allowed
    .filter((a) => Object.hasOwn(registry, a) && registry[a].placement === "bar")
    .sort((a, b) => registry[a].rank - registry[b].rank);
}

/** antd Button props for an action's tone. */
export function toneProps(tone: "primary" | "danger" | "default"): {
  type: "primary" | "default";
  danger: boolean;
} {
  return { type: tone === "primary" ? "primary" : "default", danger: tone === "danger" };
}
