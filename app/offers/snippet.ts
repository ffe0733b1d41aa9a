import { OFFER_KEY, OFFER_NAMESPACE } from "./constants";

/**
 * The Liquid the merchant pastes into a notification template (seed 004:
 * a clear call to action, limited-time wording). It reads the offer Patron
 * wrote on the order (a JSON metafield in a merchant namespace, which
 * notification templates can read) and shows nothing when there is none.
 * The order confirmation leaves before the offer exists: the snippet belongs
 * in the shipping confirmation and the mails after it.
 */
export type SnippetWords = {
  heading: string;
  /** "{{value}}" is replaced by Liquid that prints the offer's value. */
  body: string;
  freeShipping: string;
  code: string;
  /** "{{date}}" is replaced by Liquid that prints the end date. */
  until: string;
  button: string;
};

export function offerSnippet(words: SnippetWords, dateFormat = "%-d %B %Y") {
  const offer = `order.metafields.${OFFER_NAMESPACE}.${OFFER_KEY}.value`;
  const value = [
    // No whitespace control here: the value sits inside a sentence.
    `{% case patron_offer.kind %}`,
    `{% when "percentage" %}{{ patron_offer.value }} %`,
    `{% when "fixed_amount" %}{{ patron_offer.value | times: 100 | money }}`,
    `{% else %}${escapeLiquid(words.freeShipping)}`,
    `{% endcase %}`,
  ].join("");
  const date = `{{ patron_offer.ends_at | date: "${dateFormat}" }}`;
  return [
    `{%- assign patron_offer = ${offer} -%}`,
    `{%- if patron_offer and patron_offer.code -%}`,
    `<table class="row" style="width:100%;margin-top:24px;border:2px dashed #1a1a1a;border-radius:8px">`,
    `  <tr><td style="padding:20px;text-align:center">`,
    `    <h2 style="margin:0 0 8px">${escapeLiquid(words.heading)}</h2>`,
    `    <p style="margin:0 0 12px">${escapeLiquid(words.body).replace("{{value}}", value)}</p>`,
    `    <p style="margin:0 0 4px">${escapeLiquid(words.code)}</p>`,
    `    <p style="margin:0 0 12px;font-size:22px;font-weight:bold;letter-spacing:2px">{{ patron_offer.code }}</p>`,
    `    <p style="margin:0 0 16px;color:#616161">${escapeLiquid(words.until).replace("{{date}}", date)}</p>`,
    `    <a href="{{ shop.url }}/discount/{{ patron_offer.code | url_encode }}" class="button__cell" style="display:inline-block;padding:12px 24px;background:#1a1a1a;color:#ffffff;border-radius:4px;text-decoration:none">${escapeLiquid(words.button)}</a>`,
    `  </td></tr>`,
    `</table>`,
    `{%- endif -%}`,
  ].join("\n");
}

/** Words of the merchant's language inside HTML and Liquid: no tags, no Liquid of their own. */
function escapeLiquid(text: string) {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\{\{(?!value\}\}|date\}\})/g, "&#123;&#123;")
    .replace(/\{%/g, "&#123;%");
}

/** The snippet as the customer will see it, for the preview (a sample offer filled in). */
export function previewSnippet(
  words: SnippetWords,
  sample: { value: string; code: string; date: string },
) {
  return {
    heading: words.heading,
    body: words.body.replace("{{value}}", sample.value),
    code: words.code,
    offerCode: sample.code,
    until: words.until.replace("{{date}}", sample.date),
    button: words.button,
  };
}
