// A local stand-in for Shopify's App Bridge (cdn.shopify.com/shopifycloud/app-bridge.js),
// which no browser here can reach. It does what Patron uses: the `shopify` global with
// idToken(), session tokens on the app's own fetches, the bounce page, <ui-nav-menu>,
// <ui-title-bar> and toasts, talking to the local admin page that frames the app.
(function () {
  "use strict";
  var script = document.currentScript;
  var apiKey = (script && script.getAttribute("data-api-key")) || "";
  var params = new URLSearchParams(location.search);
  // Client-side navigation drops Shopify's query parameters: keep them for the page's life.
  ["shop", "host", "locale"].forEach(function (key) {
    if (params.get(key)) sessionStorage.setItem("patron-demo-" + key, params.get(key));
  });
  var shop = sessionStorage.getItem("patron-demo-shop") || "";
  var parentWindow = window.parent !== window ? window.parent : null;
  function tell(message) {
    if (parentWindow)
      parentWindow.postMessage(Object.assign({ source: "patron-app" }, message), location.origin);
  }

  var cached = null;
  var nativeFetch = window.fetch.bind(window);
  function idToken() {
    var now = Date.now() / 1000;
    if (cached && cached.exp - 10 > now) return Promise.resolve(cached.token);
    return nativeFetch("/__simulator/shops/" + encodeURIComponent(shop) + "/session-token", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    })
      .then(function (r) {
        if (!r.ok) throw new Error("session token refused: " + r.status);
        return r.json();
      })
      .then(function (body) {
        var payload = JSON.parse(
          atob(body.token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")),
        );
        cached = { token: body.token, exp: payload.exp };
        return body.token;
      });
  }

  // Like App Bridge: the app's own requests carry `Authorization: Bearer <session token>`.
  window.fetch = function (input, init) {
    var url = new URL(
      typeof input === "string" || input instanceof URL ? String(input) : input.url,
      location.href,
    );
    if (url.origin !== location.origin || url.pathname.indexOf("/__") === 0)
      return nativeFetch(input, init);
    function send(fresh) {
      if (fresh) cached = null;
      return idToken().then(function (token) {
        var headers = new Headers(
          (init && init.headers) || (input instanceof Request ? input.headers : undefined),
        );
        headers.set("Authorization", "Bearer " + token);
        return nativeFetch(input, Object.assign({}, init, { headers: headers }));
      });
    }
    return send(false).then(function (response) {
      if (
        response.status === 401 &&
        response.headers.get("X-Shopify-Retry-Invalid-Session-Request")
      )
        return send(true);
      return response;
    });
  };

  var toasts = {
    show: function (message, options) {
      tell({ type: "toast", message: String(message), isError: !!(options && options.isError) });
      return "toast-" + Date.now();
    },
    hide: function () {},
  };
  window.shopify = {
    config: {
      apiKey: apiKey,
      shop: shop,
      host: sessionStorage.getItem("patron-demo-host"),
      locale: sessionStorage.getItem("patron-demo-locale") || "en",
    },
    environment: { embedded: true, mobile: false, pos: false },
    origin: location.origin,
    idToken: idToken,
    toast: toasts,
    loading: function (on) {
      tell({ type: "loading", on: on !== false });
    },
    ready: Promise.resolve(),
  };

  // The bounce page of shopify-app-remix: fetch a token, go back with it.
  if (location.pathname === "/auth/session-token") {
    var reload = params.get("shopify-reload");
    if (reload) {
      idToken().then(function (token) {
        var target = new URL(reload, location.origin);
        if (target.origin !== location.origin) return;
        target.searchParams.set("id_token", token);
        location.replace(target.toString());
      });
    }
  }

  function defineOnce(name, element) {
    if (!customElements.get(name)) customElements.define(name, element);
  }

  defineOnce(
    "ui-nav-menu",
    class extends HTMLElement {
      connectedCallback() {
        this.style.display = "none";
        var report = () => {
          tell({
            type: "nav",
            items: Array.prototype.map.call(this.querySelectorAll("a"), function (a) {
              return {
                href: a.getAttribute("href"),
                label: a.textContent,
                home: a.getAttribute("rel") === "home",
              };
            }),
          });
        };
        report();
        new MutationObserver(report).observe(this, {
          childList: true,
          subtree: true,
          characterData: true,
        });
      }
    },
  );

  defineOnce(
    "ui-title-bar",
    class extends HTMLElement {
      static get observedAttributes() {
        return ["title"];
      }
      // The title and the title bar's buttons (primary action, secondary
      // actions, breadcrumb), which Shopify admin draws in its own header.
      report() {
        tell({
          type: "title",
          title: this.getAttribute("title") || "",
          actions: Array.prototype.map.call(this.querySelectorAll("button"), function (b, index) {
            return {
              index: index,
              label: b.textContent,
              variant: b.getAttribute("variant") || "",
              disabled: b.disabled,
            };
          }),
        });
      }
      connectedCallback() {
        this.style.display = "none";
        this.report();
        new MutationObserver(() => this.report()).observe(this, {
          childList: true,
          subtree: true,
          characterData: true,
          attributes: true,
        });
      }
      attributeChangedCallback() {
        this.report();
      }
    },
  );

  // The admin's sidebar asks the app to navigate, as Shopify admin does through App Bridge.
  window.addEventListener("message", function (event) {
    if (event.origin !== location.origin || !event.data || event.data.source !== "patron-admin")
      return;
    if (event.data.type === "title-action") {
      var button = document.querySelectorAll("ui-title-bar button")[event.data.index];
      if (button && !button.disabled) button.click();
    }
    if (event.data.type === "navigate") {
      var link = document.querySelector('ui-nav-menu a[href="' + event.data.href + '"]');
      if (!link) {
        link = document.createElement("a");
        link.setAttribute("href", event.data.href);
        document.body.appendChild(link);
      }
      link.dispatchEvent(new CustomEvent("shopify:navigate", { bubbles: true }));
    }
  });

  function reportLocation() {
    tell({ type: "location", path: location.pathname });
  }
  var push = history.pushState;
  history.pushState = function () {
    push.apply(history, arguments);
    reportLocation();
  };
  window.addEventListener("popstate", reportLocation);
  reportLocation();
})();
