// Campaign page behaviour: copy buttons, print button, the petition form and its live counter.
// Everything here is an extra: without JavaScript the text is selectable and the form posts.
(function () {
  "use strict";

  // The phone menu is a <details>: it opens and closes without JavaScript. Here only what a
  // keyboard and a tap expect besides: Escape closes it and gives focus back to its button, and so
  // does a tap outside it or following one of its links within the page.
  document.querySelectorAll("[data-hvk-menu]").forEach(function (menu) {
    var button = menu.querySelector("summary");
    function close(focus) {
      if (!menu.open) return;
      menu.open = false;
      if (focus) button.focus();
    }
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); close(true); }
    });
    document.addEventListener("click", function (event) {
      if (!menu.contains(event.target)) close(false);
    });
    menu.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !menu.contains(event.relatedTarget)) close(false);
    });
  });

  // Copy buttons: data-hvk-copy names the element whose text (or value) is copied.
  document.querySelectorAll("[data-hvk-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-hvk-copy"));
    var status = button.parentNode.querySelector("[role=status]");
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      // data-hvk-copy-text: the exact text (a council document), else what the element shows.
      var exact = button.getAttribute("data-hvk-copy-text");
      var text = exact !== null ? exact : source.tagName === "INPUT" ? source.value : (source.hidden ? source.textContent : source.innerText).trim();
      navigator.clipboard.writeText(text).then(function () {
        status.textContent = "Gekopieerd.";
      }, function () {
        status.textContent = "Kopiëren lukte niet. Selecteer de tekst en kopieer hem zelf.";
      });
    });
  });

  // The phone's own share sheet, where the browser has one.
  document.querySelectorAll("[data-hvk-share]").forEach(function (button) {
    if (!navigator.share) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({ title: button.getAttribute("data-title"), url: button.getAttribute("data-url") })
        .catch(function () { /* closed by the visitor */ });
    });
  });

  document.querySelectorAll("[data-hvk-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  function dutchNumber(n) { return Math.floor(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, "."); }
  // "2026-12-02T05:58:32+01:00" -> "2 december 2026, 05:58" in Amsterdam, as the site and the
  // service write it (the browser's Intl uses the same CLDR data as Babel there).
  var DAY = { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Amsterdam" };
  var TIME = { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "Europe/Amsterdam" };
  function dutchMoment(stamp) {
    var withTime = /T\d{2}:\d{2}/.test(stamp);
    var when = new Date(withTime ? stamp : stamp + "T12:00:00+01:00");
    if (isNaN(when.getTime())) return null;
    var day = new Intl.DateTimeFormat("nl-NL", DAY).format(when);
    return withTime ? day + ", " + new Intl.DateTimeFormat("nl-NL", TIME).format(when) : day;
  }

  // Live signature count: only a real number from the petition service replaces the built one.
  var counter = document.querySelector("[data-hvk-counter][data-live-url]");
  if (counter && window.fetch) {
    fetch(counter.getAttribute("data-live-url"), { credentials: "omit", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || typeof data.aantal !== "number" || !isFinite(data.aantal) || data.aantal < 0) return;
        var shown = typeof data.stand_op === "string" ? dutchMoment(data.stand_op) : null;
        if (!shown || data.aantal === 0) return;
        counter.querySelector("[data-hvk-count-number]").textContent = dutchNumber(data.aantal);
        var words = counter.querySelector("[data-hvk-count-words]");  // "1 mens tekende", "2 mensen tekenden"
        if (words) words.textContent = words.getAttribute(data.aantal === 1 ? "data-een" : "data-meer");
        var date = counter.querySelector("[data-hvk-count-date]");
        if (date.tagName !== "TIME") {  // no count at build time: the moment becomes a <time> now
          var moment = document.createElement("time");
          moment.setAttribute("data-hvk-count-date", "");
          date.replaceWith(moment);
          date = moment;
        }
        date.setAttribute("datetime", data.stand_op);
        date.textContent = shown;
        counter.hidden = false;
      })
      .catch(function () { /* keep the figure from the build */ });
  }

  // How many signed in a municipality (/gemeenten/): answered in place; without script the form opens the service's page.
  var lookup = document.querySelector("[data-hvk-lookup]");
  if (lookup && window.fetch) {
    lookup.addEventListener("submit", function (event) {
      event.preventDefault();
      var result = lookup.querySelector("[data-hvk-lookup-result]");
      var postcode = lookup.elements.postcode.value.trim();
      fetch(lookup.getAttribute("data-url") + "?postcode=" + encodeURIComponent(postcode),
            { credentials: "omit", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (data.fout) { result.textContent = data.fout; return; }
          var n = data.aantal === 1 ? "tekende 1 persoon" : "tekenden " + dutchNumber(data.aantal) + " mensen";
          var where = data.gemeente ? "In de gemeente " + data.gemeente : "Met postcode " + data.postcode;
          result.textContent = where + " " + n + " de petitie (stand op " + (dutchMoment(data.stand_op) || "") + ").";
        })
        .catch(function () { lookup.submit(); });
    });
  }

  // The petition form: errors as GOV.UK / NL Design System show them, then a thank-you state.
  var form = document.querySelector("[data-hvk-petition]");
  if (!form) return;
  var summary = document.querySelector("[data-hvk-error-summary]");
  var list = summary.querySelector("[data-hvk-error-list]");
  var thanks = document.querySelector("[data-hvk-thanks]");
  var title = document.title;
  var opened = Date.now();
  // One value per filled-in form: if the fallback below posts it again, the service sends no second mail.
  var attempt = form.querySelector("[data-hvk-attempt]");
  if (attempt && window.crypto && window.crypto.getRandomValues) {
    attempt.value = Array.prototype.map.call(window.crypto.getRandomValues(new Uint8Array(16)), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }
  var checks = [
    ["naam", function (v) { return v.trim() ? "" : "Vul je naam in."; }],
    ["email", function (v) {
      if (!v.trim()) return "Vul je e-mailadres in.";
      return /^[^@\s]+@[^@\s]+\.[^@\s]{2,}$/.test(v.trim()) ? "" : "Vul een e-mailadres in zoals naam@voorbeeld.nl.";
    }],
    ["telefoon", function (v) {
      return !v.trim() || /^[+0-9 ().-]{8,24}$/.test(v.trim()) ? "" : "Vul een telefoonnummer in zoals 06 12345678, of laat het leeg.";
    }],
    ["postcode", function (v) {
      return !v.trim() || /^[1-9][0-9]{3} ?([A-Za-z]{2})?$/.test(v.trim()) ? "" : "Vul de vier cijfers van je postcode in, zoals 3533, of laat het leeg.";
    }],
    ["toestemming", function (v, field) { return field.checked ? "" : "Vink aan dat je de petitie tekent."; }]
  ];

  var HINTS = { telefoon: "telefoon-uitleg", postcode: "postcode-uitleg" };
  var sending = false;

  function show(errors) {
    list.innerHTML = "";
    checks.forEach(function (check) {
      var field = form.elements[check[0]];
      var message = document.getElementById(check[0] + "-fout");
      var error = errors[check[0]];
      message.hidden = !error;
      message.textContent = error ? "Fout: " + error : "";
      if (error) {
        field.setAttribute("aria-invalid", "true");
        field.setAttribute("aria-describedby", (HINTS[check[0]] ? HINTS[check[0]] + " " : "") + check[0] + "-fout");
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = "#" + check[0];
        link.textContent = error;
        link.addEventListener("click", function (event) { event.preventDefault(); field.focus(); });
        item.appendChild(link);
        list.appendChild(item);
      } else {
        field.removeAttribute("aria-invalid");
        if (HINTS[check[0]]) field.setAttribute("aria-describedby", HINTS[check[0]]);
        else field.removeAttribute("aria-describedby");
      }
    });
    var failed = list.children.length > 0;
    summary.hidden = !failed;
    document.title = failed ? "Fout: " + title : title;
    if (failed) summary.focus();
    return !failed;
  }

  var MIN_SECONDS = 3;   // people need longer than this to fill in the form; bots do not
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (form.elements.website.value) {          // the honeypot: only bots fill in a field nobody sees
      form.hidden = true;
      thanks.hidden = false;
      return;
    }
    var errors = {};
    checks.forEach(function (check) {
      var field = form.elements[check[0]];
      var error = check[1](field.value, field);
      if (error) errors[check[0]] = error;
    });
    if (!show(errors)) return;
    var elapsed = (Date.now() - opened) / 1000;
    if (elapsed < MIN_SECONDS) {
      show({ naam: "Dat ging wel erg snel. Kijk je gegevens na en klik daarna nog een keer op de knop." });
      return;
    }
    form.querySelector("[data-hvk-elapsed]").value = String(Math.round(elapsed));
    if (sending) return;                        // one click, one signature
    sending = true;
    var button = form.querySelector("button[type=submit]");
    button.setAttribute("aria-disabled", "true");
    var body = new URLSearchParams(new FormData(form)).toString();
    fetch(form.action, {
      method: "POST", body: body, credentials: "omit",
      // X-Petitie makes the browser ask the service first (CORS preflight): from an origin the
      // service does not allow, nothing is sent, so the fallback below posts the signature once.
      headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded", "X-Petitie": "1" }
    })
      .then(function (response) {
        return response.json().then(function (data) { return { status: response.status, data: data }; });
      })
      .then(function (answer) {
        sending = false;
        button.removeAttribute("aria-disabled");
        if (answer.status === 202) {
          form.hidden = true;
          thanks.hidden = false;
          document.title = "Kijk in je mailbox - " + title;
          thanks.focus();
        } else if (answer.data && answer.data.fouten) {
          show(answer.data.fouten);
        } else {  // not about one field (too often, closed, a fault): the summary alone says it
          show({});
          var item = document.createElement("li");
          item.textContent = (answer.data && answer.data.fout) || "Er ging iets mis. Probeer het over een paar minuten opnieuw.";
          list.appendChild(item);
          summary.hidden = false;
          document.title = "Fout: " + title;
          summary.focus();
        }
      })
      .catch(function () { form.submit(); });  // never lose a signature: fall back to a plain POST
  });
})();
