// The demo's stand-in for what Shopify gives a checkout or customer account UI
// extension (see test/store/extension-harness.ts): the `shopify` global with
// the few APIs Patron's blocks use, the root the block renders into, and the
// behaviour of the s-* components the CSS cannot give (a button, the copy).
(function () {
  "use strict";
  var cfg = window.PATRON_HARNESS;
  var root = document.getElementById("extension-root");

  // ---- the page around the block, in the buyer's language -------------------
  var PAGE = {
    en: {
      thanks: "Thank you!",
      confirmed: "Your order is confirmed",
      order: "Order",
      status: "Confirmed",
    },
    fr: {
      thanks: "Merci !",
      confirmed: "Votre commande est confirmée",
      order: "Commande",
      status: "Confirmée",
    },
    sv: {
      thanks: "Tack!",
      confirmed: "Din beställning är bekräftad",
      order: "Beställning",
      status: "Bekräftad",
    },
    nb: {
      thanks: "Takk!",
      confirmed: "Bestillingen din er bekreftet",
      order: "Bestilling",
      status: "Bekreftet",
    },
  };
  var words = PAGE[cfg.language] || PAGE.en;
  var orderName = cfg.orderName || (cfg.orderNumber ? "#" + cfg.orderNumber : "");
  var intro = document.getElementById("page-intro");
  if (cfg.surface === "checkout") {
    intro.innerHTML =
      '<div class="check" aria-hidden="true">✓</div><div><p class="muted"></p><h1></h1><p></p></div>';
    intro.querySelector(".muted").textContent = words.order + " " + orderName;
    intro.querySelector("h1").textContent = words.thanks;
    intro.querySelector("div p:last-child").textContent = words.confirmed;
  } else {
    intro.innerHTML = '<h1></h1><span class="badge"></span>';
    intro.querySelector("h1").textContent = words.order + " " + orderName;
    intro.querySelector(".badge").textContent = words.status;
  }

  // ---- the `shopify` global --------------------------------------------------
  function signal(value) {
    return {
      value: value,
      subscribe: function (listener) {
        listener(value);
        return function () {};
      },
    };
  }
  function lookup(messages, key) {
    return key.split(".").reduce(function (node, part) {
      return node && typeof node === "object" ? node[part] : undefined;
    }, messages);
  }
  // shopify.i18n.translate: dotted keys, {{placeholders}}, plural forms by `count`.
  function translate(key, options) {
    options = options || {};
    var found = lookup(cfg.messages, key);
    if (found === undefined) found = lookup(cfg.fallback, key);
    if (found && typeof found === "object" && typeof options.count === "number") {
      var form = new Intl.PluralRules(cfg.locale).select(options.count);
      found = found[form] || found.other;
    }
    if (typeof found !== "string") return key;
    return found.replace(/\{\{\s*(\w+)\s*\}\}/g, function (_, name) {
      return name in options ? String(options[name]) : "";
    });
  }
  var token = null;
  function sessionToken() {
    if (token && token.until > Date.now()) return Promise.resolve(token.value);
    return fetch("/__simulator/shops/" + encodeURIComponent(cfg.shop) + "/extension-token", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ surface: cfg.surface, customerId: cfg.customerId }),
    })
      .then(function (r) {
        return r.json();
      })
      .then(function (json) {
        if (!json.token) throw new Error(json.error || "no token");
        token = { value: json.token, until: Date.now() + 60000 };
        return json.token;
      });
  }
  var number = cfg.orderNumber;
  window.shopify = {
    extension: { target: cfg.target, apiVersion: "2026-10" },
    shop: { name: cfg.shopName, myshopifyDomain: cfg.shop },
    sessionToken: { get: sessionToken },
    // As on the real thank-you page: an OrderIdentity gid whose number is the order's.
    orderConfirmation: signal({
      order: { id: number ? "gid://shopify/OrderIdentity/" + number : "" },
      isFirstOrder: false,
    }),
    order: signal(number ? { id: "gid://shopify/Order/" + number, name: orderName } : undefined),
    i18n: {
      translate: translate,
      formatNumber: function (n, o) {
        return new Intl.NumberFormat(cfg.locale, o).format(n);
      },
      formatCurrency: function (n, o) {
        return new Intl.NumberFormat(
          cfg.locale,
          Object.assign({ currency: "EUR" }, o, { style: "currency" }),
        ).format(n);
      },
      formatDate: function (d, o) {
        return new Intl.DateTimeFormat(cfg.locale, o).format(d);
      },
    },
    localization: {
      language: signal({ isoCode: cfg.locale }),
      extensionLanguage: signal({ isoCode: cfg.language }),
      currency: signal({ isoCode: "EUR" }),
      timezone: signal(Intl.DateTimeFormat().resolvedOptions().timeZone),
      country: signal(undefined),
    },
    query: function () {
      return Promise.resolve({ errors: [{ message: "The harness has no Storefront API" }] });
    },
  };

  // The block renders into its own root, as into the body of Shopify's sandbox.
  Object.defineProperty(document, "body", {
    configurable: true,
    get: function () {
      return root;
    },
  });

  // ---- what the CSS cannot draw ----------------------------------------------
  function define(name, behaviour) {
    if (!customElements.get(name)) customElements.define(name, behaviour);
  }
  define(
    "s-button",
    class extends HTMLElement {
      connectedCallback() {
        this.setAttribute("role", "button");
        if (!this.hasAttribute("tabindex")) this.setAttribute("tabindex", "0");
      }
    },
  );
  define(
    "s-clipboard-item",
    class extends HTMLElement {
      get text() {
        return this._text || this.getAttribute("text") || "";
      }
      set text(value) {
        this._text = value;
      }
      // Present so Preact attaches onCopyError as the "copyerror" event.
      get oncopyerror() {
        return null;
      }
      set oncopyerror(_) {}
    },
  );
  define(
    "s-spinner",
    class extends HTMLElement {
      connectedCallback() {
        this.setAttribute("role", "progressbar");
        var label = this.getAttribute("accessibilitylabel");
        if (label) this.setAttribute("aria-label", label);
      }
    },
  );
  function activate(button) {
    var command = button.getAttribute("command");
    var target = document.getElementById(button.getAttribute("commandfor") || "");
    if (command !== "--copy" || !target) return;
    var text = target.text;
    var copy =
      navigator.clipboard && navigator.clipboard.writeText
        ? navigator.clipboard.writeText(text)
        : Promise.reject(new Error("no clipboard"));
    copy.then(
      function () {
        target.dispatchEvent(new Event("copy"));
      },
      function () {
        target.dispatchEvent(new Event("copyerror"));
      },
    );
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("s-button");
    if (button && !button.hasAttribute("disabled")) activate(button);
  });
  document.addEventListener("keydown", function (event) {
    var button = event.target.closest && event.target.closest("s-button");
    if (button && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      activate(button);
    }
  });
})();
