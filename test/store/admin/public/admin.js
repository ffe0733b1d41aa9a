// The local admin page: frames the app like Shopify admin, shows its navigation
// and toasts, and drives the store simulator through its control API.
(function () {
  "use strict";
  var config = window.ADMIN_CONFIG;
  var shop = config.shop;
  var base = "/__simulator/shops/" + encodeURIComponent(shop);
  var $ = function (id) {
    return document.getElementById(id);
  };
  var frame = $("app-frame");
  var params = new URLSearchParams(location.search);
  var locale = params.get("locale") || "en";
  $("locale").value = locale;

  function api(path, body) {
    var init =
      body === undefined
        ? {}
        : {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify(body),
          };
    return fetch(base + path, init).then(function (r) {
      return r.json().then(function (json) {
        if (!r.ok) throw new Error((json && (json.error || json.message)) || "HTTP " + r.status);
        return json;
      });
    });
  }

  function toast(message, isError) {
    var el = document.createElement("div");
    el.className = "toast" + (isError ? " error" : "");
    el.textContent = message;
    $("toasts").appendChild(el);
    setTimeout(function () {
      el.remove();
    }, 4000);
  }

  function act(promise, done) {
    return promise
      .then(function (result) {
        if (done) toast(done);
        refresh();
        return result;
      })
      .catch(function (error) {
        toast(error.message, true);
      });
  }

  function openApp(path) {
    return api("/session-token", {}).then(function (body) {
      var url = new URL(path || "/app", location.origin);
      url.searchParams.set("embedded", "1");
      url.searchParams.set("shop", shop);
      url.searchParams.set(
        "host",
        btoa("admin.shopify.com/store/" + shop.replace(".myshopify.com", "")).replace(/=+$/, ""),
      );
      url.searchParams.set("locale", locale);
      url.searchParams.set("id_token", body.token);
      frame.src = url.toString();
    });
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== location.origin || !data || data.source !== "patron-app") return;
    if (data.type === "nav") renderNav(data.items);
    if (data.type === "title") $("app-title").textContent = data.title || "Patron";
    if (data.type === "toast") toast(data.message, data.isError);
    if (data.type === "location") markActive(data.path);
  });

  var currentPath = "/app";
  function renderNav(items) {
    var list = $("app-nav");
    list.innerHTML = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#" + item.href;
      a.dataset.href = item.href;
      a.textContent = item.label;
      a.addEventListener("click", function (event) {
        event.preventDefault();
        frame.contentWindow.postMessage(
          { source: "patron-admin", type: "navigate", href: item.href },
          location.origin,
        );
      });
      li.appendChild(a);
      list.appendChild(li);
    });
    markActive(currentPath);
  }
  function markActive(path) {
    currentPath = path;
    Array.prototype.forEach.call(document.querySelectorAll("#app-nav a"), function (a) {
      a.classList.toggle("active", a.dataset.href === path);
    });
  }

  function option(value, label) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    return o;
  }
  function name(c) {
    return (
      ((c.firstName || "") + " " + (c.lastName || "")).trim() + " <" + (c.email || "no email") + ">"
    );
  }

  function refresh() {
    api("").then(function (s) {
      $("shop-name").textContent = s.name + " · " + s.domain;
      $("plan").value = s.plan;
      $("status").value = s.status;
      var mode =
        s.customerAccountsVersion === "CLASSIC"
          ? "CLASSIC/" + s.customerAccounts
          : "NEW_CUSTOMER_ACCOUNTS/OPTIONAL";
      $("accounts").value = mode;
      $("store-stats").textContent =
        s.counts.customers +
        " customers · " +
        s.counts.orders +
        " orders · " +
        s.counts.discounts +
        " discounts · " +
        s.counts.outbox +
        " invitation emails sent";
    });
    api("/customers?state=INVITED&limit=25").then(function (list) {
      var select = $("invited");
      select.innerHTML = "";
      select.appendChild(option("", list.length ? "Choose a customer" : "No pending invitation"));
      list.forEach(function (c) {
        select.appendChild(option(c.id, name(c)));
      });
    });
    api("/discounts").then(function (list) {
      var ul = $("discounts");
      ul.innerHTML = list.length ? "" : "<li>No discounts</li>";
      list.forEach(function (d) {
        var li = document.createElement("li");
        li.textContent = (d.codes[0] || d.title) + " · " + d.status;
        var expire = document.createElement("button");
        expire.textContent = "Expire";
        expire.onclick = function () {
          act(api("/discounts/" + encodeURIComponent(d.id) + "/expire", {}), "Discount expired");
        };
        var del = document.createElement("button");
        del.textContent = "Delete";
        del.onclick = function () {
          act(api("/discounts/" + encodeURIComponent(d.id) + "/delete", {}), "Discount deleted");
        };
        var span = document.createElement("span");
        span.append(expire, " ", del);
        li.appendChild(span);
        ul.appendChild(li);
      });
    });
  }

  function refreshCustomers() {
    return api("/customers?limit=30").then(function (list) {
      var select = $("customer");
      select.innerHTML = "";
      list.forEach(function (c) {
        select.appendChild(option(c.id, name(c)));
      });
    });
  }

  function refreshDeliveries() {
    api("/deliveries").then(function (list) {
      var ul = $("deliveries");
      ul.innerHTML = list.length ? "" : "<li>None yet</li>";
      list
        .slice(-12)
        .reverse()
        .forEach(function (d) {
          var li = document.createElement("li");
          var ok = d.status >= 200 && d.status < 300;
          li.innerHTML = "<span></span><span class='" + (ok ? "ok" : "bad") + "'></span>";
          li.firstChild.textContent = d.topic;
          li.lastChild.textContent = d.status ? String(d.status) : d.error || "failed";
          li.dataset.topic = d.topic;
          li.dataset.status = String(d.status || 0);
          ul.appendChild(li);
        });
    });
  }

  $("plan").onchange = function () {
    act(api("/plan", { plan: this.value }), "Plan changed");
  };
  $("status").onchange = function () {
    act(api("/status", { status: this.value }), "Store status: " + this.value);
  };
  $("revoke-tokens").onclick = function () {
    // The app gets 401 until it exchanges a session token for a new access token.
    act(api("/revoke-tokens", {}), "Access tokens revoked");
  };
  $("accounts").onchange = function () {
    var parts = this.value.split("/");
    act(
      api("/account-mode", { customerAccountsVersion: parts[0], customerAccounts: parts[1] }),
      "Customer accounts changed",
    ).then(function () {
      openApp(currentPath);
    });
  };
  $("locale").onchange = function () {
    locale = this.value;
    var url = new URL(location.href);
    url.searchParams.set("locale", locale);
    history.replaceState(null, "", url);
    openApp(currentPath);
  };
  $("accept").onclick = function () {
    var id = $("invited").value;
    if (!id) return toast("Choose an invited customer first", true);
    act(
      api("/customers/" + encodeURIComponent(id) + "/accept-invitation", {}),
      "Invitation accepted",
    );
  };
  $("data-request").onclick = function () {
    act(
      api("/customers/" + encodeURIComponent($("customer").value) + "/data-request", {}),
      "Data request sent to the app",
    );
  };
  $("redact").onclick = function () {
    act(
      api("/customers/" + encodeURIComponent($("customer").value) + "/redact", {}),
      "Erasure request sent to the app",
    );
  };
  $("order").onclick = function () {
    var body = { customerId: $("customer").value, subtotal: Number($("order-amount").value) || 59 };
    var code = $("order-code").value.trim();
    if (code) body.discountCode = code;
    act(api("/orders", body), "Order placed");
  };
  $("uninstall").onclick = function () {
    if (
      confirm("Uninstall Patron from this store? The app deletes everything it holds for the shop.")
    ) {
      act(api("/uninstall", {}), "Patron uninstalled");
    }
  };

  refresh();
  refreshCustomers();
  refreshDeliveries();
  setInterval(refreshDeliveries, 1500);
  setInterval(refresh, 5000);
  openApp("/app");
})();
