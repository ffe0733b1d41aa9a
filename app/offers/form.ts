import { AutomationInput, type AutomationErrors } from "./automations.server";

// The automation form as posted (strings, checkboxes "on") into AutomationInput,
// every problem as a message code the page translates.

const CODES: Record<string, string> = {
  name: "required",
  validityDays: "days",
  sharedCode: "codeChars",
  existingDiscountId: "discount",
};

export function automationFromForm(
  form: FormData,
): { ok: true; input: AutomationInput } | { ok: false; errors: AutomationErrors } {
  const text = (key: string) => {
    const value = form.get(key);
    return typeof value === "string" ? value : undefined;
  };
  const parsed = AutomationInput.safeParse({
    name: text("name") ?? "",
    discountKind: text("discountKind"),
    value: text("value"),
    codeMode: text("codeMode"),
    sharedCode: text("sharedCode"),
    existingDiscountId: text("existingDiscountId") || null,
    validityDays: text("validityDays"),
    minimumSubtotal: text("minimumSubtotal"),
    qualifies: text("qualifies"),
    qualifyAmount: text("qualifyAmount"),
    oncePerCustomer: form.get("oncePerCustomer") === "on",
    activate: form.get("activate") === "on",
  });
  if (parsed.success) return { ok: true, input: parsed.data };
  const errors: AutomationErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= CODES[field] ?? "invalid";
  }
  return { ok: false, errors };
}
