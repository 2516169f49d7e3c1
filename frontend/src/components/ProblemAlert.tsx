import { Alert, Result } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { type Problem, toProblem } from "../lib/api/problem";

// 403 codes that only say "not allowed": the page's own advice (ask an administrator) says more.
const GENERIC_FORBIDDEN = new Set(["forbidden", "permission_denied"]);

/** A human message for a problem: a translation of its code when we have one, else its detail.
 * A 403 with a reason of its own ("only its author can change an activity") gives that reason. */
export function useProblemMessage(): (problem: Problem) => string {
  const { t, i18n } = useTranslation();
  return (problem) => {
    if (problem.status === 0) return t("problem.network");
    const known = Boolean(problem.code) && i18n.exists(`problemCode.${problem.code}`);
    if (problem.status === 403 && (!known || GENERIC_FORBIDDEN.has(problem.code)))
      return t("problem.forbidden");
    if (known) return t(`problemCode.${problem.code}`);
    return problem.detail || problem.title || t("problem.generic", { status: problem.status });
  };
}

/** Inline alert for a failed request or form submit. */
export function ProblemAlert({ error, extra }: { error: unknown; extra?: ReactNode }) {
  const { t } = useTranslation();
  const message = useProblemMessage();
  if (!error) return null;
  const problem = toProblem(error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={problem.status === 403 ? t("problem.forbiddenTitle") : t("problem.title")}
      description={
        <>
          {message(problem)}
          {extra}
        </>
      }
      style={{ marginBottom: 16 }}
    />
  );
}

/** Whole-page error state: a clear "no permission" for 403, "not found" for 404. */
export function ErrorState({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const problem = toProblem(error);
  if (problem.status === 403) {
    return (
      <Result
        status="403"
        title={t("problem.forbiddenTitle")}
        subTitle={t("problem.forbidden")}
        data-testid="forbidden"
      />
    );
  }
  if (problem.status === 404) {
    return <Result status="404" title={t("notFound.title")} subTitle={t("notFound.resource")} />;
  }
  return <ProblemAlert error={error} />;
}
