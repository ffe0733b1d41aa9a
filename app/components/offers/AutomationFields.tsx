import {
  BlockStack,
  Card,
  Checkbox,
  ChoiceList,
  FormLayout,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";

export type AutomationValues = {
  name: string;
  discountKind: "percentage" | "fixed_amount" | "free_shipping";
  value: string;
  codeMode: "shared" | "unique";
  sharedCode: string;
  existingDiscountId: string;
  validityDays: string;
  minimumSubtotal: string;
  qualifies: "first_order" | "any_order" | "over_amount";
  qualifyAmount: string;
  oncePerCustomer: boolean;
};

export const NEW_AUTOMATION: AutomationValues = {
  name: "",
  discountKind: "percentage",
  value: "15",
  codeMode: "unique",
  sharedCode: "",
  existingDiscountId: "",
  validityDays: "30",
  minimumSubtotal: "",
  qualifies: "any_order",
  qualifyAmount: "",
  oncePerCustomer: true,
};

type Choice = { id: string; title: string; code: string };

/**
 * The automation's terms, as named form fields (the page posts them as they
 * are). On an existing automation the code mode is fixed: issued codes depend on it.
 */
export function AutomationFields({
  initial,
  errors,
  currencyCode,
  discounts,
  editing,
}: {
  initial: AutomationValues;
  errors: Record<string, string>;
  currencyCode: string;
  discounts: Choice[];
  editing: boolean;
}) {
  const { t } = useTranslation();
  const [v, setV] = useState(initial);
  const [useExisting, setUseExisting] = useState(initial.existingDiscountId !== "");
  const set =
    <K extends keyof AutomationValues>(key: K) =>
    (value: AutomationValues[K]) =>
      setV((old) => ({ ...old, [key]: value }));
  const error = (field: string) =>
    errors[field] ? t(`offers.form.errors.${errors[field]}`) : undefined;
  const sharedLocked = editing && v.codeMode === "shared";
  const fromExisting = !editing && v.codeMode === "shared" && useExisting;
  return (
    <BlockStack gap="400">
      <Card>
        <FormLayout>
          <TextField
            label={t("offers.form.name")}
            helpText={t("offers.form.nameHelp")}
            name="name"
            value={v.name}
            onChange={set("name")}
            autoComplete="off"
            maxLength={120}
            error={error("name")}
          />
        </FormLayout>
      </Card>
      <Card>
        <BlockStack gap="400">
          <Text as="h2" variant="headingMd">
            {t("offers.form.discountHeading")}
          </Text>
          {sharedLocked || fromExisting ? (
            <Text as="p" tone="subdued">
              {t(sharedLocked ? "offers.form.sharedLocked" : "offers.form.fromExisting")}
            </Text>
          ) : (
            <FormLayout>
              <ChoiceList
                title={t("offers.form.kind")}
                choices={(["percentage", "fixed_amount", "free_shipping"] as const).map((k) => ({
                  label: t(`offers.kinds.${k}`),
                  value: k,
                }))}
                selected={[v.discountKind]}
                onChange={([k]) => set("discountKind")(k as AutomationValues["discountKind"])}
              />
              {v.discountKind === "free_shipping" ? null : (
                <TextField
                  label={t("offers.form.value")}
                  name="value"
                  value={v.value}
                  onChange={set("value")}
                  autoComplete="off"
                  inputMode="decimal"
                  suffix={v.discountKind === "percentage" ? "%" : currencyCode}
                  error={error("value")}
                />
              )}
              <TextField
                label={t("offers.form.minimumSubtotal")}
                helpText={t("offers.form.minimumSubtotalHelp")}
                name="minimumSubtotal"
                value={v.minimumSubtotal}
                onChange={set("minimumSubtotal")}
                autoComplete="off"
                inputMode="decimal"
                suffix={currencyCode}
                error={error("minimumSubtotal")}
              />
            </FormLayout>
          )}
          <input type="hidden" name="discountKind" value={v.discountKind} />
          <input type="hidden" name="codeMode" value={v.codeMode} />
          <ChoiceList
            title={t("offers.form.codeMode")}
            disabled={editing}
            choices={[
              {
                label: t("offers.form.unique"),
                helpText: t("offers.form.uniqueHelp"),
                value: "unique",
              },
              {
                label: t("offers.form.shared"),
                helpText: t("offers.form.sharedHelp"),
                value: "shared",
                renderChildren: (selected: boolean) =>
                  selected && !editing ? (
                    <SharedCode
                      useExisting={useExisting}
                      setUseExisting={(on) => {
                        setUseExisting(on);
                        if (!on) set("existingDiscountId")("");
                      }}
                      values={v}
                      set={set}
                      discounts={discounts}
                      error={error}
                    />
                  ) : null,
              },
            ]}
            selected={[v.codeMode]}
            onChange={([m]) => set("codeMode")(m as AutomationValues["codeMode"])}
          />
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="400">
          <Text as="h2" variant="headingMd">
            {t("offers.form.rulesHeading")}
          </Text>
          <FormLayout>
            <input type="hidden" name="qualifies" value={v.qualifies} />
            <ChoiceList
              title={t("offers.form.qualifies")}
              choices={[
                { label: t("offers.qualifies.first_order"), value: "first_order" },
                { label: t("offers.qualifies.any_order"), value: "any_order" },
                {
                  label: t("offers.qualifies.over_amount"),
                  value: "over_amount",
                  renderChildren: (selected: boolean) =>
                    selected ? (
                      <TextField
                        label={t("offers.form.qualifyAmount")}
                        labelHidden
                        name="qualifyAmount"
                        value={v.qualifyAmount}
                        onChange={set("qualifyAmount")}
                        autoComplete="off"
                        inputMode="decimal"
                        suffix={currencyCode}
                        error={error("qualifyAmount")}
                      />
                    ) : null,
                },
              ]}
              selected={[v.qualifies]}
              onChange={([q]) => set("qualifies")(q as AutomationValues["qualifies"])}
            />
            <TextField
              label={t("offers.form.validityDays")}
              helpText={t("offers.form.validityDaysHelp")}
              type="number"
              min={1}
              max={365}
              name="validityDays"
              value={v.validityDays}
              onChange={set("validityDays")}
              autoComplete="off"
              suffix={t("offers.form.days")}
              error={error("validityDays")}
            />
            <Checkbox
              label={t("offers.form.oncePerCustomer")}
              helpText={t("offers.form.oncePerCustomerHelp")}
              checked={v.oncePerCustomer}
              onChange={set("oncePerCustomer")}
            />
            {v.oncePerCustomer ? <input type="hidden" name="oncePerCustomer" value="on" /> : null}
          </FormLayout>
        </BlockStack>
      </Card>
    </BlockStack>
  );
}

function SharedCode({
  useExisting,
  setUseExisting,
  values,
  set,
  discounts,
  error,
}: {
  useExisting: boolean;
  setUseExisting: (on: boolean) => void;
  values: AutomationValues;
  set: <K extends keyof AutomationValues>(key: K) => (value: AutomationValues[K]) => void;
  discounts: Choice[];
  error: (field: string) => string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <BlockStack gap="200">
      <ChoiceList
        title={t("offers.form.sharedSource")}
        titleHidden
        choices={[
          { label: t("offers.form.sharedNew"), value: "new" },
          {
            label: t("offers.form.sharedExisting"),
            value: "existing",
            disabled: discounts.length === 0,
            helpText: discounts.length === 0 ? t("offers.form.noDiscounts") : undefined,
          },
        ]}
        selected={[useExisting ? "existing" : "new"]}
        onChange={([s]) => setUseExisting(s === "existing")}
      />
      {useExisting ? (
        <Select
          label={t("offers.form.existingDiscount")}
          name="existingDiscountId"
          options={[
            { label: t("offers.form.pickDiscount"), value: "" },
            ...discounts.map((d) => ({ label: `${d.code} — ${d.title}`, value: d.id })),
          ]}
          value={values.existingDiscountId}
          onChange={set("existingDiscountId")}
          error={error("existingDiscountId") ?? error("sharedCode")}
        />
      ) : (
        <TextField
          label={t("offers.form.sharedCode")}
          helpText={t("offers.form.sharedCodeHelp")}
          name="sharedCode"
          value={values.sharedCode}
          onChange={(code) => set("sharedCode")(code.toUpperCase())}
          autoComplete="off"
          maxLength={255}
          error={error("sharedCode")}
        />
      )}
    </BlockStack>
  );
}
