// Filters the story cards in place. Without JavaScript the form stays hidden and every story shows.
(function () {
  "use strict";
  var form = document.querySelector("[data-hvk-filter]");
  if (!form) return;
  var cards = Array.prototype.slice.call(document.querySelectorAll(".hvk-card"));
  var count = document.querySelector("[data-hvk-count]");
  var empty = document.querySelector("[data-hvk-empty]");
  var role = form.elements.rol;
  var theme = form.elements.thema;
  var params = new URLSearchParams(window.location.search);

  function known(select, value) {
    return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
  }
  if (known(role, params.get("rol") || "")) role.value = params.get("rol") || "";
  if (known(theme, params.get("thema") || "")) theme.value = params.get("thema") || "";

  function apply() {
    var shown = 0;
    cards.forEach(function (card) {
      var themes = (card.getAttribute("data-themas") || "").split(" ");
      var match = (!role.value || card.getAttribute("data-rol") === role.value) &&
                  (!theme.value || themes.indexOf(theme.value) !== -1);
      card.hidden = !match;
      if (match) shown += 1;
    });
    count.textContent = shown + (shown === 1 ? " verhaal" : " verhalen");
    empty.hidden = shown !== 0;
    var query = new URLSearchParams();
    if (role.value) query.set("rol", role.value);
    if (theme.value) query.set("thema", theme.value);
    var search = query.toString();
    window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
  }

  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  apply();
})();
