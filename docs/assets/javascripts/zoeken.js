// The search page: Pagefind's UI, which fetches small index chunks only when someone types.
(function () {
  "use strict";
  var box = document.querySelector("[data-hvk-search]");
  if (!box || typeof PagefindUI === "undefined") return;
  new PagefindUI({
    element: box,
    bundlePath: box.getAttribute("data-bundle"),
    showImages: false,
    showSubResults: true,
    resetStyles: false,
    autofocus: true,
    translations: { placeholder: "Zoek in verhalen, podcast en pagina's", zero_results: "Niets gevonden voor [SEARCH_TERM]" }
  });
})();
