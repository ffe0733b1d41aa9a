import { describe, expect, it } from "vitest";
import { type EmailVerdict, PROVIDER_DOMAINS, checkEmail } from "./email-check";

const ok: EmailVerdict = { verdict: "ok" };
const typo = (suggestion: string): EmailVerdict => ({
  verdict: "typo",
  suggestion,
  reason: "domain_typo",
});
const invalid = (reason: EmailVerdict["reason"]): EmailVerdict => ({ verdict: "invalid", reason });
const disposable: EmailVerdict = { verdict: "disposable", reason: "disposable_domain" };

describe("checkEmail", () => {
  it.each<[string, EmailVerdict]>([
    // Real addresses at providers of our four markets, and elsewhere: never "corrected".
    ["marie@free.fr", ok],
    ["marie@sfr.fr", ok],
    ["marie@orange.fr", ok],
    ["marie@wanadoo.fr", ok],
    ["marie@laposte.net", ok],
    ["marie@neuf.fr", ok],
    ["anna@live.se", ok],
    ["anna@telia.com", ok],
    ["anna@spray.se", ok],
    ["anna@bredband.net", ok],
    ["ola@online.no", ok],
    ["ola@start.no", ok],
    ["ola@hotmail.no", ok],
    ["ola@live.no", ok],
    ["ola@outlook.com", ok],
    ["Jean.Dupont+shop@Orange.FR", ok],
    // Real domains one keystroke from a provider, or under a real top-level domain.
    ["kari@stark.no", ok],
    ["luc@grange.fr", ok],
    ["bob@key.com", ok],
    ["jan@live.nl", ok],
    ["max@yahoo.de", ok],
    ["eva@start.nu", ok],
    ["jon@acme.is", ok],
    ["sam@acme.cam", ok],
    ["ali@startup.co", ok],
    ["lea@edf.fr", ok],
    ["per@blåbär.se", ok],
    // Typos of the big providers.
    ["jo@gmial.com", typo("jo@gmail.com")],
    ["jo@gmai.com", typo("jo@gmail.com")],
    ["jo@gmail.con", typo("jo@gmail.com")],
    ["jo@gmail.co", typo("jo@gmail.com")],
    ["jo@gmail.fr", typo("jo@gmail.com")],
    ["Jo@GMIAL.COM", typo("Jo@gmail.com")],
    ["jo@hotmial.com", typo("jo@hotmail.com")],
    ["jo@hotmail.cm", typo("jo@hotmail.com")],
    ["jo@yahooo.com", typo("jo@yahoo.com")],
    ["jo@outlok.com", typo("jo@outlook.com")],
    ["jo@icoud.com", typo("jo@icloud.com")],
    ["jo@hotmial.de", typo("jo@hotmail.de")],
    // Typos of our markets' providers.
    ["jo@orage.fr", typo("jo@orange.fr")],
    ["jo@orange.frr", typo("jo@orange.fr")],
    ["jo@wanado.fr", typo("jo@wanadoo.fr")],
    ["jo@fre.fr", typo("jo@free.fr")],
    ["jo@sfr.fe", typo("jo@sfr.fr")],
    ["jo@lapost.net", typo("jo@laposte.net")],
    ["jo@laposte.nte", typo("jo@laposte.net")],
    ["jo@tellia.com", typo("jo@telia.com")],
    ["jo@telia.cmo", typo("jo@telia.com")],
    ["jo@bredbnad.net", typo("jo@bredband.net")],
    ["jo@sprya.se", typo("jo@spray.se")],
    ["jo@onlin.no", typo("jo@online.no")],
    ["jo@hotmial.no", typo("jo@hotmail.no")],
    // A top-level domain that does not exist, at any domain.
    ["jo@acme.cmo", typo("jo@acme.com")],
    ["jo@boulangerie.frr", typo("jo@boulangerie.fr")],
    ["jo@blåbär.cmo", typo("jo@blåbär.com")],
    // Throwaway domains, and subdomains of them.
    ["jo@mailinator.com", disposable],
    ["jo@yopmail.fr", disposable],
    ["jo@yopmail.com", disposable],
    ["jo@guerrillamail.com", disposable],
    ["jo@inbox.mailinator.com", disposable],
    // Typo-squatted domains on the throwaway list are typos first.
    ["jo@gmil.com", typo("jo@gmail.com")],
    // Malformed addresses.
    ["", invalid("malformed")],
    ["jo.gmail.com", invalid("malformed")],
    ["jo@ann@gmail.com", invalid("malformed")],
    ["jo ann@gmail.com", invalid("malformed")],
    [" jo@gmail.com", invalid("malformed")],
    ["jo@gmail.com ", invalid("malformed")],
    ["@gmail.com", invalid("malformed")],
    ["jo.@gmail.com", invalid("malformed")],
    ["jo..ann@gmail.com", invalid("malformed")],
    ['"jo"@gmail.com', invalid("malformed")],
    [`${"j".repeat(65)}@gmail.com`, invalid("malformed")],
    ["jo@", invalid("missing_domain")],
    ["jo@localhost", invalid("invalid_domain")],
    ["jo@gmail.com.", invalid("invalid_domain")],
    ["jo@.gmail.com", invalid("invalid_domain")],
    ["jo@gmail..com", invalid("invalid_domain")],
    ["jo@-acme.fr", invalid("invalid_domain")],
    ["jo@acme_shop.fr", invalid("invalid_domain")],
    ["jo@acme.f", invalid("invalid_domain")],
    ["jo@acme.123", invalid("invalid_domain")],
    ["jo@[192.168.0.1]", invalid("invalid_domain")],
  ])("GIVEN %j THEN %j", (email, verdict) => {
    expect(checkEmail(email)).toEqual(verdict);
  });

  it("GIVEN an address at any provider we list THEN it is ok, never corrected into another", () => {
    const notOk = PROVIDER_DOMAINS.filter((domain) => checkEmail(`a@${domain}`).verdict !== "ok");
    expect(notOk).toEqual([]);
  });

  it("GIVEN any one-letter slip in a provider's name of seven letters or more THEN suggests that provider", () => {
    const long = PROVIDER_DOMAINS.filter((domain) => domain.indexOf(".") >= 7);
    for (const domain of long) {
      const dropped = domain.slice(0, 2) + domain.slice(3);
      expect(checkEmail(`a@${dropped}`), dropped).toEqual(typo(`a@${domain}`));
    }
  });
});
