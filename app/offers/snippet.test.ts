import { describe, expect, it } from "vitest";
import { offerSnippet } from "./snippet";

const WORDS = {
  heading: "Merci !",
  body: "Profitez de {{value}} sur votre prochaine commande.",
  freeShipping: "la livraison gratuite",
  code: "Votre code :",
  until: "Valable jusqu'au {{date}} seulement.",
  button: "J'en profite",
};

describe("the notification snippet", () => {
  it("reads the offer from the order's metafield and shows nothing without one", () => {
    const liquid = offerSnippet(WORDS);
    expect(
      liquid.startsWith("{%- assign patron_offer = order.metafields.patron.offer.value -%}"),
    ).toBe(true);
    expect(liquid).toContain("{%- if patron_offer and patron_offer.code -%}");
    expect(liquid.trim().endsWith("{%- endif -%}")).toBe(true);
    expect(liquid).toContain("{{ patron_offer.code }}");
    expect(liquid).toContain('{{ patron_offer.ends_at | date: "%-d %B %Y" }}');
    expect(liquid).toContain("/discount/{{ patron_offer.code | url_encode }}");
  });

  it("prints each kind of value, in the merchant's words", () => {
    const liquid = offerSnippet(WORDS);
    expect(liquid).toContain('{% when "percentage" %}{{ patron_offer.value }} %');
    expect(liquid).toContain("{{ patron_offer.value | times: 100 | money }}");
    expect(liquid).toContain("la livraison gratuite");
    // The sentence keeps its space before the value.
    expect(liquid).toContain("Profitez de {% case patron_offer.kind %}");
  });

  it("keeps the merchant's words from breaking the HTML or running as Liquid", () => {
    const liquid = offerSnippet({ ...WORDS, heading: "<b>{{ shop.secret }}</b> {% raw %}" });
    expect(liquid).toContain("&lt;b&gt;&#123;&#123; shop.secret }}&lt;/b&gt; &#123;% raw %}");
  });
});
