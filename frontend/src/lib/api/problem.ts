/** RFC 9457 problem details as the API sends them, checked at runtime instead of cast. */

export interface FieldError {
  field: string;
  message: string;
}

/** A line the store cannot cover (409 insufficient_stock). */
export interface ShortLine {
  product_id: string;
  sku: string;
  requested: number;
  available: number;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors: FieldError[];
  existing_customer_id?: string;
  /** A merged customer's id answers 404 with the id of the record it was merged into. */
  merged_into?: string;
  /** A clash with a record the caller may not see (409 phone_taken of another store's member). */
  out_of_scope?: boolean;
  short_lines?: ShortLine[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown, fallback = ""): string {
  return typeof value === "string" ? value : fallback;
}

export function parseProblem(body: unknown, status: number): Problem {
  if (!isRecord(body)) {
    return { type: "about:blank", title: str(body), status, detail: str(body), code: "", errors: [] };
  }
  const errors: FieldError[] = [];
  if (Array.isArray(body.errors)) {
    for (const e of body.errors) {
      if (isRecord(e)) errors.push({ field: str(e.field), message: str(e.message) });
    }
  }
  const problem: Problem = {
    type: str(body.type, "about:blank"),
    title: str(body.title),
    status: typeof body.status === "number" ? body.status : status,
    detail: str(body.detail),
    code: str(body.code),
    errors,
  };
  if (typeof body.existing_customer_id === "string") problem.existing_customer_id = body.existing_customer_id;
  if (typeof body.merged_into === "string") problem.merged_into = body.merged_into;
  if (body.out_of_scope === true) problem.out_of_scope = true;
  if (Array.isArray(body.short_lines)) {
    problem.short_lines = body.short_lines.filter(isRecord).map((l) => ({
      product_id: str(l.product_id),
      sku: str(l.sku),
      requested: typeof l.requested === "number" ? l.requested : 0,
      available: typeof l.available === "number" ? l.available : 0,
    }));
  }
  return problem;
}

export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.name = "ApiError";
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }
}

/** Network failures and other thrown values become a problem too, so the UI has one shape. */
export function toProblem(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  const detail = error instanceof Error ? error.message : String(error);
  return {
    type: "about:blank",
    title: "network_error",
    status: 0,
    detail,
    code: "network_error",
    errors: [],
  };
}
