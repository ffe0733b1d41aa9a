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
    if (data.type === "title") renderTitle(data.title, data.actions || []);
    if (data.type === "toast") toast(data.message, data.isError);
    if (data.type === "location") markActive(data.path);
  });

  // The app's title bar as Shopify admin draws it: breadcrumb, title, actions.
  function renderTitle(title, actions) {
    $("app-title").textContent = title || "Patron";
    var box = $("app-actions");
    box.innerHTML = "";
    var crumb = $("app-breadcrumb");
    crumb.innerHTML = "";
    actions.forEach(function (action) {
      var b = document.createElement("button");
      b.type = "button";
      b.disabled = action.disabled;
      b.textContent = action.variant === "breadcrumb" ? "‹ " + action.label : action.label;
      if (action.variant === "primary") b.className = "primary";
      b.addEventListener("click", function () {
        frame.contentWindow.postMessage(
          { source: "patron-admin", type: "title-action", index: action.index },
          location.origin,
        );
      });
      (action.variant === "breadcrumb" ? crumb : box).appendChild(b);
    });
  }

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

  function ago(iso) {
    var minutes = Math.round((Date.now() - Date.parse(iso)) / 60000);
    if (minutes < 1) return "just now";
    if (minutes < 60) return minutes + " min ago";
    if (minutes < 48 * 60) return Math.round(minutes / 60) + " h ago";
    return Math.round(minutes / 1440) + " days ago";
  }

  var accountsVersion = "CLASSIC";
  function refreshAccounts() {
    var classic = accountsVersion === "CLASSIC";
    $("classic-controls").hidden = !classic;
    $("new-controls").hidden = classic;
    if (classic) {
      return api("/customers?state=INVITED&limit=25").then(function (list) {
        var select = $("invited");
        var keep = select.value;
        select.innerHTML = "";
        select.appendChild(option("", list.length ? "Choose a customer" : "No pending invitation"));
        list.forEach(function (c) {
          var when = c.invitedAt ? " · invited " + ago(c.invitedAt) : "";
          select.appendChild(
            option(c.id, name(c) + when + (c.invitationExpired ? " (link expired)" : "")),
          );
        });
        select.value = keep;
      });
    }
    return api("/customers?state=DISABLED&limit=25").then(function (list) {
      var select = $("signin-customer");
      var keep = select.value;
      select.innerHTML = "";
      var withEmail = list.filter(function (c) {
        return c.email;
      });
      select.appendChild(option("", withEmail.length ? "Choose a customer" : "Everyone signed in"));
      withEmail.forEach(function (c) {
        select.appendChild(option(c.id, name(c)));
      });
      select.value = keep;
    });
  }

  function refresh() {
    api("").then(function (s) {
      $("shop-name").textContent = s.name + " · " + s.domain;
      $("plan").value = s.plan;
      $("status").value = s.status;
      var mode =
        s.customerAccountsVersion === "CLASSIC"
          ? "CLASSIC/" + s.customerAccounts
          : "NEW_CUSTOMER_ACCOUNTS/" +
            (s.customerAccounts === "REQUIRED" ? "REQUIRED" : "OPTIONAL");
      $("accounts").value = mode;
      accountsVersion = s.customerAccountsVersion;
      refreshAccounts();
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
    refreshDiscounts();
    refreshOrders();
  }

  function button(label, onclick, danger) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    if (danger) b.className = "danger";
    b.onclick = onclick;
    return b;
  }

  // One list row: a title line, a detail line, and its buttons.
  function row(title, detail, buttons) {
    var li = document.createElement("li");
    var what = document.createElement("span");
    what.className = "what";
    var strong = document.createElement("strong");
    strong.textContent = title;
    var small = document.createElement("small");
    small.textContent = detail;
    what.append(strong, small);
    var actions = document.createElement("span");
    actions.className = "actions";
    buttons.forEach(function (b) {
      actions.appendChild(b);
    });
    li.append(what, actions);
    return li;
  }

  var TYPE_NAMES = {
    percentage: "percentage",
    fixed_amount: "fixed amount",
    free_shipping: "free shipping",
    bogo: "buy X get Y",
    app: "app",
  };

  function refreshDiscounts() {
    return api("/discounts").then(function (list) {
      var ul = $("discounts");
      ul.innerHTML = list.length ? "" : "<li>No discounts</li>";
      list.forEach(function (d) {
        var path = "/discounts/" + encodeURIComponent(d.id);
        var buttons = [];
        if (d.status !== "EXPIRED")
          buttons.push(
            button("Expire", function () {
              act(api(path + "/expire", {}), "Discount expired");
            }),
          );
        buttons.push(
          button(
            "Delete",
            function () {
              if (confirm("Delete the discount " + d.title + "?"))
                act(api(path + "/delete", {}), "Discount deleted");
            },
            true,
          ),
        );
        ul.appendChild(
          row(
            d.title + " · " + d.codes.join(", "),
            (TYPE_NAMES[d.discountType] || d.discountType) +
              " · " +
              d.status +
              " · used " +
              d.asyncUsageCount +
              (d.usageLimit ? " of " + d.usageLimit : "") +
              (d.endsAt ? " · ends " + new Date(d.endsAt).toLocaleString() : ""),
            buttons,
          ),
        );
      });
    });
  }

  function refreshOrders() {
    return api("/orders?limit=8").then(function (list) {
      var ul = $("orders");
      ul.innerHTML = list.length ? "" : "<li>No orders yet</li>";
      list.forEach(function (o) {
        var path = "/orders/" + encodeURIComponent(o.id);
        var buttons = [];
        if (o.financialStatus === "pending")
          buttons.push(
            button("Mark paid", function () {
              act(api(path + "/mark-paid", {}), "Order " + o.name + " paid");
            }),
          );
        if (Number(o.refundable) > 0)
          buttons.push(
            button("Refund", function () {
              var typed = prompt(
                "Refund how much of " +
                  o.name +
                  "? (up to " +
                  o.refundable +
                  " " +
                  o.currency +
                  ")",
                o.refundable,
              );
              if (typed === null) return;
              var body = typed.trim() ? { amount: Number(typed) } : {};
              act(api(path + "/refund", body), "Refund made");
            }),
          );
        if (!o.cancelledAt)
          buttons.push(
            button(
              "Cancel",
              function () {
                var refund =
                  Number(o.refundable) > 0 &&
                  confirm("Refund the " + o.refundable + " " + o.currency + " paid as well?");
                act(
                  api(path + "/cancel", { reason: "CUSTOMER", refund: refund }),
                  "Order " + o.name + " cancelled",
                );
              },
              true,
            ),
          );
        ul.appendChild(
          row(
            o.name + " · " + o.total + " " + o.currency + (o.email ? " · " + o.email : ""),
            (o.cancelledAt ? "cancelled · " : "") +
              o.financialStatus.replace("_", " ") +
              (o.financialStatus === "partially_refunded" ? " " + o.refunded : "") +
              (o.discountCodes.length ? " · codes " + o.discountCodes.join(", ") : ""),
            buttons,
          ),
        );
      });
    });
  }

  function createCode(type) {
    var code = $("bxgy-code").value.trim();
    if (!code) return toast("Type a code first", true);
    act(
      api("/discounts", { type: type, code: code }),
      type === "bxgy" ? "BXGY code " + code + " created" : "App code " + code + " created",
    ).then(function (d) {
      if (d) $("bxgy-code").value = "";
    });
  }

  var customersById = {};
  function refreshCustomers() {
    return api("/customers?limit=30").then(function (list) {
      var select = $("customer");
      var keep = select.value;
      select.innerHTML = "";
      customersById = {};
      list.forEach(function (c) {
        customersById[c.id] = c;
        var why = c.canDelete
          ? ""
          : c.numberOfOrders > 0
            ? " · has orders"
            : c.hasActiveSubscription
              ? " · subscription"
              : c.pendingDataErasure
                ? " · erasure pending"
                : "";
        select.appendChild(option(c.id, name(c) + why));
      });
      if (keep && customersById[keep]) select.value = keep;
      var orderSelect = $("order-customer");
      var keepOrder = orderSelect.value || select.value;
      orderSelect.innerHTML = "";
      list.forEach(function (c) {
        orderSelect.appendChild(option(c.id, name(c)));
      });
      if (keepOrder && customersById[keepOrder]) orderSelect.value = keepOrder;
      showCustomer();
    });
  }

  function showCustomer() {
    var c = customersById[$("customer").value];
    $("customer-info").textContent = c
      ? "Tags: " +
        (c.tags.length ? c.tags.join(", ") : "none") +
        " · " +
        c.numberOfOrders +
        " orders" +
        (c.canDelete ? " · can be deleted" : " · cannot be deleted: " + c.cannotDeleteBecause)
      : "";
  }

  function staffTags(kind) {
    var id = $("customer").value;
    var tags = $("staff-tags").value.trim();
    if (!id) return toast("Choose a customer first", true);
    if (!tags) return toast("Type the tags first", true);
    var body = {};
    body[kind] = tags;
    if ($("staff-during-bulk").checked) {
      body.customerIds = [id];
      return act(
        api("/bulk-mutation-edits", body),
        "Queued: the edit happens half-way through the next bulk job",
      );
    }
    act(api("/customers/" + encodeURIComponent(id) + "/tags", body)).then(function (r) {
      if (!r) return;
      var changed = kind === "add" ? r.added : r.removed;
      toast(
        changed.length
          ? (kind === "add" ? "Tags added: " : "Tags removed: ") + changed.join(", ")
          : "Nothing changed (tags are case-insensitive)",
      );
      refreshCustomers();
    });
  }

  // Shipping addresses offered for orders: one valid US military address, two with the
  // mistakes the app's checker must catch (the state, the city).
  var SHIP_TO = {
    military: { city: "APO", provinceCode: "AE" },
    "military-bad-state": { city: "APO", provinceCode: "NY" },
    "military-bad-city": { city: "New York", provinceCode: "AE" },
  };

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

  var mailById = {};
  function refreshMail() {
    fetch("/__simulator/mail")
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (body) {
        var ul = $("mail");
        if (!body) {
          $("smtp-info").textContent = "No mail capture running.";
          ul.innerHTML = "";
          return;
        }
        $("smtp-info").textContent =
          "The app's SMTP server: " +
          body.smtp.host +
          ", port " +
          body.smtp.port +
          " (no TLS, any user and password).";
        mailById = {};
        ul.innerHTML = body.messages.length ? "" : "<li>No messages yet</li>";
        body.messages.slice(0, 30).forEach(function (m) {
          mailById[m.id] = m;
          var li = document.createElement("li");
          li.dataset.id = m.id;
          var a = document.createElement("a");
          a.href = "#";
          a.className = "mail-open";
          var subject = document.createElement("strong");
          subject.textContent = m.subject || "(no subject)";
          var who = document.createElement("span");
          who.textContent = (m.to[0] || m.bcc[0] || "(no recipient)") + " · " + ago(m.date);
          a.append(subject, who);
          a.onclick = function (event) {
            event.preventDefault();
            openMail(m.id);
          };
          li.appendChild(a);
          ul.appendChild(li);
        });
      })
      .catch(function () {
        // the simulator is restarting; try again on the next tick
      });
  }

  function showMailPart(part) {
    var html = part === "html";
    $("mail-html").hidden = !html;
    $("mail-text").hidden = html;
    $("mail-show-html").classList.toggle("active", html);
    $("mail-show-text").classList.toggle("active", !html);
  }

  function openMail(id) {
    var m = mailById[id];
    if (!m) return;
    $("mail-subject").textContent = m.subject || "(no subject)";
    var meta = $("mail-meta");
    meta.innerHTML = "";
    [
      ["From", m.from || ""],
      ["To", m.to.join(", ")],
      ["Cc", m.cc.join(", ")],
      ["Bcc", m.bcc.join(", ")],
      ["Date", new Date(m.date).toLocaleString()],
      ["Size", m.size + " bytes"],
    ].forEach(function (row) {
      if (!row[1]) return;
      var dt = document.createElement("dt");
      dt.textContent = row[0];
      var dd = document.createElement("dd");
      dd.textContent = row[1];
      meta.append(dt, dd);
    });
    $("mail-text").textContent = m.text || "(no text part)";
    // srcdoc in a sandbox without allow-scripts: the message renders, its scripts do not run.
    $("mail-html").srcdoc = m.html || "<p style='font-family:sans-serif'>(no HTML part)</p>";
    showMailPart(m.html ? "html" : "text");
    $("mail-viewer").showModal();
  }

  $("mail-show-html").onclick = function () {
    showMailPart("html");
  };
  $("mail-show-text").onclick = function () {
    showMailPart("text");
  };
  $("mail-close").onclick = function () {
    $("mail-viewer").close();
  };
  $("mail-clear").onclick = function () {
    fetch("/__simulator/mail/clear", { method: "POST", body: "{}" }).then(refreshMail);
  };

  function invitationAction(path, done) {
    var id = $("invited").value;
    if (!id) return toast("Choose an invited customer first", true);
    act(api("/customers/" + encodeURIComponent(id) + path, {}), done).then(refreshAccounts);
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
    accountsVersion = parts[0];
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
    invitationAction("/accept-invitation", "Invitation accepted");
  };
  $("decline").onclick = function () {
    invitationAction("/decline-invitation", "Invitation declined");
  };
  $("expire-invitation").onclick = function () {
    invitationAction("/expire-invitation", "The invitation's link has expired");
  };
  $("sign-in").onclick = function () {
    var id = $("signin-customer").value;
    if (!id) return toast("Choose a customer first", true);
    act(api("/customers/" + encodeURIComponent(id) + "/sign-in", {})).then(function (c) {
      if (!c) return;
      toast(c.firstSignIn ? "First sign-in: the customer is ENABLED" : "Signed in again");
      refreshAccounts();
    });
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
    var customerId = $("order-customer").value;
    if (!customerId) return toast("Choose a customer first", true);
    var body = { customerId: customerId, subtotal: Number($("order-amount").value) || 59 };
    var codes = $("order-code")
      .value.split(",")
      .map(function (c) {
        return c.trim();
      })
      .filter(Boolean);
    if (codes.length) body.discountCodes = codes;
    if ($("order-unpaid").checked) body.paid = false;
    var shipTo = SHIP_TO[$("order-ship-to").value];
    if (shipTo)
      body.shippingAddress = {
        address1: "PSC 123 Box 4567",
        city: shipTo.city,
        provinceCode: shipTo.provinceCode,
        countryCode: "US",
        zip: "09012",
      };
    act(api("/orders", body), "Order placed").then(refreshCustomers);
  };
  $("customer").onchange = showCustomer;
  $("bxgy-create").onclick = function () {
    createCode("bxgy");
  };
  $("app-create").onclick = function () {
    createCode("app");
  };
  $("staff-tags-add").onclick = function () {
    staffTags("add");
  };
  $("staff-tags-remove").onclick = function () {
    staffTags("remove");
  };
  $("staff-delete").onclick = function () {
    var c = customersById[$("customer").value];
    if (!c) return toast("Choose a customer first", true);
    if (!confirm("Delete " + name(c) + " from the store?")) return;
    act(api("/customers/" + encodeURIComponent(c.id) + "/delete", {}), "Customer deleted").then(
      refreshCustomers,
    );
  };
  $("uninstall").onclick = function () {
    if (
      confirm("Uninstall Patron from this store? The app deletes everything it holds for the shop.")
    ) {
      act(api("/uninstall", {}), "Patron uninstalled");
    }
  };

  // Recent orders (from their orders/create events) with their thank-you and order
  // status pages, where Patron's offer blocks render. The harness is opened on
  // 127.0.0.1, not the app's origin (localhost), so the blocks call the app
  // cross-origin, as from checkout.
  function harnessUrl(handle, order) {
    var q = new URLSearchParams({ order: order.id, name: order.name, locale: locale });
    if (order.customerId) q.set("customer", order.customerId);
    var host = location.hostname === "127.0.0.1" ? "localhost" : "127.0.0.1";
    return "http://" + host + ":" + location.port + "/extensions/" + handle + "?" + q;
  }
  function refreshOfferOrders() {
    return api("/events?topic=orders%2Fcreate").then(function (events) {
      var list = $("offer-orders");
      list.innerHTML = "";
      events
        .slice(-5)
        .reverse()
        .forEach(function (e) {
          var p = e.payload || {};
          var customer = p.customer && p.customer.id;
          var order = {
            id: p.admin_graphql_api_id || "gid://shopify/Order/" + p.id,
            name: p.name || "#" + p.id,
            customerId: customer ? "gid://shopify/Customer/" + customer : null,
          };
          var li = document.createElement("li");
          li.dataset.order = order.id;
          var label = document.createElement("span");
          label.textContent = order.name + (order.customerId ? "" : " · guest");
          li.appendChild(label);
          [
            ["offer-thank-you", "Thank-you page"],
            ["offer-order-status", "Order status page"],
          ].forEach(function (page) {
            // Customer account pages exist only for a customer.
            if (page[0] === "offer-order-status" && !order.customerId) return;
            var a = document.createElement("a");
            a.href = harnessUrl(page[0], order);
            a.target = "_blank";
            a.rel = "noopener";
            a.textContent = page[1];
            li.appendChild(document.createTextNode(" "));
            li.appendChild(a);
          });
          list.appendChild(li);
        });
    });
  }

  refresh();
  refreshOfferOrders();
  setInterval(refreshOfferOrders, 3000);
  refreshCustomers();
  refreshDeliveries();
  refreshMail();
  setInterval(refreshDeliveries, 1500);
  setInterval(refreshMail, 3000);
  setInterval(refresh, 5000);
  // Like admin.shopify.com/store/<shop>/apps/<app>/<path>: a deep link opens that page of the app.
  var deepLink = params.get("path");
  openApp(deepLink && deepLink.indexOf("/app") === 0 ? deepLink : "/app");
})();
