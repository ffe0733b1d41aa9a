import { AutomationInput } from "../../app/offers/automations.server";

/** The automation the tests start from: 15 % off, a unique code per customer, on. */
export const fifteenPercent = (changes: Partial<AutomationInput> = {}) =>
  AutomationInput.parse({
    name: "Merci",
    discountKind: "percentage",
    value: "15",
    codeMode: "unique",
    validityDays: 30,
    qualifies: "any_order",
    activate: true,
    ...changes,
  });
