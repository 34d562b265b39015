// Campaign page behaviour: copy buttons, print button, the petition form and its live counter.
// Everything here is an extra: without JavaScript the text is selectable and the form posts.
(function () {
  "use strict";

  // Copy buttons: data-hvk-copy names the element whose text (or value) is copied.
  document.querySelectorAll("[data-hvk-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-hvk-copy"));
    var status = button.parentNode.querySelector("[role=status]");
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.tagName === "INPUT" ? source.value : (source.hidden ? source.textContent : source.innerText).trim();
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

  // Live signature count: only a real number from the configured address replaces the built one.
  var counter = document.querySelector("[data-hvk-counter][data-live-url]");
  if (counter && window.fetch) {
    fetch(counter.getAttribute("data-live-url"), { credentials: "omit" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || typeof data.aantal !== "number" || !isFinite(data.aantal) || data.aantal < 0) return;
        if (typeof data.stand_op !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(data.stand_op)) return;
        var months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                      "september", "oktober", "november", "december"];
        var parts = data.stand_op.split("-");
        counter.querySelector("[data-hvk-count-number]").textContent =
          Math.floor(data.aantal).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
        var date = counter.querySelector("[data-hvk-count-date]");
        date.setAttribute("datetime", data.stand_op);
        date.textContent = parseInt(parts[2], 10) + " " + months[parseInt(parts[1], 10) - 1] + " " + parts[0];
      })
      .catch(function () { /* keep the figure from the build */ });
  }

  // The petition form: errors as GOV.UK / NL Design System show them, then a thank-you state.
  var form = document.querySelector("[data-hvk-petition]");
  if (!form) return;
  var summary = document.querySelector("[data-hvk-error-summary]");
  var list = summary.querySelector("[data-hvk-error-list]");
  var thanks = document.querySelector("[data-hvk-thanks]");
  var title = document.title;
  var opened = Date.now();
  var checks = [
    ["naam", function (v) { return v.trim() ? "" : "Vul je naam in."; }],
    ["email", function (v) {
      if (!v.trim()) return "Vul je e-mailadres in.";
      return /^[^@\s]+@[^@\s]+\.[^@\s]{2,}$/.test(v.trim()) ? "" : "Vul een e-mailadres in zoals naam@voorbeeld.nl.";
    }],
    ["telefoon", function (v) {
      return !v.trim() || /^[+0-9 ()-]{8,20}$/.test(v.trim()) ? "" : "Vul een telefoonnummer in zoals 06 12345678, of laat het leeg.";
    }],
    ["toestemming", function (v, field) { return field.checked ? "" : "Vink aan dat je de petitie tekent."; }]
  ];

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
        field.setAttribute("aria-describedby", (check[0] === "telefoon" ? "telefoon-uitleg " : "") + check[0] + "-fout");
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = "#" + check[0];
        link.textContent = error;
        link.addEventListener("click", function (event) { event.preventDefault(); field.focus(); });
        item.appendChild(link);
        list.appendChild(item);
      } else {
        field.removeAttribute("aria-invalid");
        if (check[0] === "telefoon") field.setAttribute("aria-describedby", "telefoon-uitleg");
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
    var data = new FormData(form);
    fetch(form.action, { method: "POST", body: data, credentials: "omit" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        form.hidden = true;
        thanks.hidden = false;
        document.title = "Bedankt - " + title;
        thanks.focus();
      })
      .catch(function () { form.submit(); });  // never lose a signature: fall back to a plain POST
  });
})();
