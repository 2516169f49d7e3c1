/** Create or change a segment: its name, description, kind and stores, and for a dynamic one the
 * rule builder with its live count beside it. A change is sent with the ETag the editing began
 * from, so someone else's change meanwhile is a 412 to reload, not overwritten. */
import { Alert, App, Button, Card, Col, Flex, Form, Input, Radio, Row, Select, Skeleton } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorState, ProblemAlert, useProblemMessage } from "../../components/ProblemAlert";
import { ApiError, toProblem } from "../../lib/api/problem";
import { useCan } from "../../lib/auth/me";
import { applyFieldErrors } from "../../lib/forms";
import { useStoreOptions } from "../../lib/stores";
import { type Segment, useCreateSegment, useUpdateSegment } from "./api";
import { PreviewPanel } from "./PreviewPanel";
import { RuleGroupEditor } from "./RuleGroupEditor";
import { conditionCount, type GroupNode, placeErrors } from "./rules";
import type { SegmentKind } from "./search";
import { useRuleDraft } from "./useRuleDraft";

interface Values {
  name: string;
  description: string;
  kind: SegmentKind;
  store_ids: string[];
}

const FORM_FIELDS = ["name", "description", "kind", "store_ids"];
export function SegmentForm({
  segment,
  etag,
  onSaved,
  onCancel,
  onReload,
}: {
  segment?: Segment;
  etag?: string;
  onSaved: (segment: Segment) => void;
  onCancel?: () => void;
  /** After a 412: fetch the segment again and start over from it. */
  onReload?: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const problemMessage = useProblemMessage();
  const [form] = Form.useForm<Values>();
  const create = useCreateSegment();
  const update = useUpdateSegment();
  const stores = useStoreOptions(useCan("stores:read"));
  // The version editing began from: a refetch meanwhile (the members being built) changes nothing.
  const [baseEtag] = useState(etag);
  const [stale, setStale] = useState(false);
  const [formError, setFormError] = useState<unknown>(null);
  const kind: SegmentKind = Form.useWatch("kind", form) ?? segment?.kind ?? "dynamic";
  const storeIds: string[] | undefined = Form.useWatch("store_ids", form);
  const draft = useRuleDraft(segment, kind, storeIds);

  if (draft.catalogue.isError) return <ErrorState error={draft.catalogue.error} />;
  if (!draft.catalogue.data) return <Skeleton active />;
  const currency = draft.catalogue.data.currency;

  const onError = (err: unknown, sentTree: GroupNode) => {
    const problem = toProblem(err);
    if (problem.status === 412) {
      setStale(true);
      return;
    }
    const { placed, others } = placeErrors(problem.errors, sentTree);
    draft.setSaveErrors(placed);
    // `store_ids.2` is the stores field's error.
    const fieldErrors = others.map((e) =>
      e.field.startsWith("store_ids.") ? { ...e, field: "store_ids" } : e,
    );
    const unmatched = applyFieldErrors(form, new ApiError({ ...problem, errors: fieldErrors }), FORM_FIELDS);
    if (problem.code === "segment_name_taken") {
      form.setFields([{ name: "name", errors: [problemMessage(problem)] }]);
    } else if (problem.errors.length === 0 || unmatched.length > 0) {
      setFormError(err);
    }
  };

  const onFinish = (values: Values) => {
    draft.setAttempted(true);
    setFormError(null);
    const dynamic = kind === "dynamic";
    const rules = draft.built.rules;
    if (dynamic && !rules) {
      void message.warning(t("segments.builder.fixProblems"));
      return;
    }
    const sentTree = draft.tree;
    const storesChosen = values.store_ids?.length ? values.store_ids : null;
    const handlers = {
      onSuccess: (saved: Segment) => {
        void message.success(t("common.saved"));
        onSaved(saved);
      },
      onError: (err: unknown) => onError(err, sentTree),
    };
    if (segment) {
      const body = {
        name: values.name,
        description: values.description ?? "",
        store_ids: storesChosen,
        ...(dynamic && rules ? { rules } : {}),
      };
      update.mutate({ id: segment.id, etag: baseEtag ?? `"${segment.version}"`, body }, handlers);
    } else {
      create.mutate(
        {
          name: values.name,
          description: values.description ?? "",
          kind: values.kind,
          store_ids: storesChosen,
          rules: dynamic ? rules : null,
        },
        handlers,
      );
    }
  };

  const builder = (
    <RuleGroupEditor
      group={draft.tree}
      depth={1}
      ctx={{
        fields: draft.catalogue.data.items,
        fieldMap: draft.fieldMap,
        errors: draft.errors,
        edit: draft.edit,
        total: conditionCount(draft.tree),
        currency,
      }}
    />
  );

  return (
    // Only the segment's own fields are a <form>: Enter in the builder (a date, a tag, an amount)
    // confirms what was typed there instead of saving the segment.
    <Flex vertical gap={16} data-testid="segment-editor">
      {stale ? (
        <Alert
          type="warning"
          showIcon
          title={t("segments.staleTitle")}
          description={t("segments.staleBody")}
          data-testid="segment-stale"
          action={
            onReload ? (
              <Button size="small" onClick={onReload} data-testid="segment-reload">
                {t("common.reload")}
              </Button>
            ) : null
          }
        />
      ) : null}
      <ProblemAlert error={formError} />
      <Form<Values>
        form={form}
        layout="vertical"
        name="segment"
        initialValues={{
          name: segment?.name ?? "",
          description: segment?.description ?? "",
          kind: segment?.kind ?? "dynamic",
          store_ids: segment?.store_ids ?? [],
        }}
        onFinish={onFinish}
        data-testid="segment-form"
      >
        <Card size="small">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="name"
                label={t("segments.fields.name")}
                rules={[{ required: true, whitespace: true }]}
              >
                <Input
                  maxLength={120}
                  placeholder={t("segments.namePlaceholder")}
                  data-testid="segment-name"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="kind" label={t("segments.fields.kind")} extra={t(`segments.kindHelp.${kind}`)}>
                <Radio.Group disabled={Boolean(segment)} data-testid="segment-kind">
                  <Radio.Button value="dynamic">{t("segments.kind.dynamic")}</Radio.Button>
                  <Radio.Button value="static">{t("segments.kind.static")}</Radio.Button>
                </Radio.Group>
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="description" label={t("segments.fields.description")}>
                <Input.TextArea
                  maxLength={2000}
                  autoSize={{ minRows: 1, maxRows: 4 }}
                  data-testid="segment-description"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="store_ids"
                label={t("segments.fields.stores")}
                extra={t("segments.storesHelp")}
              >
                <Select<string[]>
                  mode="multiple"
                  allowClear
                  options={stores.data ?? []}
                  loading={stores.isLoading}
                  showSearch={{ optionFilterProp: "label" }}
                  placeholder={t("segments.storesAll")}
                  data-testid="segment-stores"
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>
      </Form>
      {kind === "dynamic" ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={15}>
            <Card size="small" title={t("segments.builder.title")} data-testid="segment-builder">
              {builder}
            </Card>
          </Col>
          <Col xs={24} xl={9}>
            <div style={{ position: "sticky", top: 16 }}>
              <PreviewPanel state={draft.state} />
            </div>
          </Col>
        </Row>
      ) : (
        <PreviewPanel state={draft.state} />
      )}
      <Flex gap={8}>
        <Button
          type="primary"
          onClick={() => form.submit()}
          loading={create.isPending || update.isPending}
          data-testid="segment-save"
        >
          {t("common.save")}
        </Button>
        {onCancel ? (
          <Button onClick={onCancel} data-testid="segment-cancel">
            {t("common.cancel")}
          </Button>
        ) : null}
      </Flex>
    </Flex>
  );
}
