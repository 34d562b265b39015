// The search page: our own Dutch form on Pagefind's index (pagefind.js fetches small chunks of
// it only when someone searches). ?q=opa in the address starts a search, and every search puts
// its words in the address, so a search can be shared and the back button works.
(function () {
  "use strict";
  var form = document.querySelector("[data-hvk-search]");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("zoek-status");
  var list = document.getElementById("zoek-resultaten");
  var bundle = new URL(form.getAttribute("data-bundle"), location.href);
  var site = new URL(form.getAttribute("data-site"), location.href);
  // A large site's index comes in shards: the others are merged into the first (search_index.py).
  // Each shard holds a page of every word of the site (search-words.html), left out here.
  var options = form.hasAttribute("data-delen") ? { filters: { not: { woordenlijst: "ja" } } } : {};
  var shards = (form.getAttribute("data-delen") || "").split(" ").filter(Boolean).map(function (folder) {
    return new URL(folder, location.href).pathname;
  });
  var engine = null;

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind.js", bundle).href).then(function (pagefind) {
        return pagefind.options({ baseUrl: site.pathname }).then(function () {
          return Promise.all(shards.map(function (folder) {
            return pagefind.mergeIndex(folder, { baseUrl: site.pathname });
          }));
        }).then(function () { return pagefind; });
      });
    }
    return engine;
  }

  // An excerpt holds the page's text with <mark> around the words found: only those survive.
  function excerpt(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var out = document.createElement("p");
    template.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function say(text) { status.textContent = text; }

  var latest = 0;
  function search(words) {
    var ticket = ++latest;
    list.textContent = "";
    if (!words) { say(""); return; }
    say("Zoeken naar \u201c" + words + "\u201d\u2026");
    load().then(function (pagefind) { return pagefind.search(words, options); }).then(function (found) {
      if (ticket !== latest) return;
      var results = found.results.slice(0, 20);
      return Promise.all(results.map(function (r) { return r.data(); })).then(function (pages) {
        if (ticket !== latest) return;
        var total = found.results.length;
        say(total === 0 ? "Niets gevonden voor \u201c" + words + "\u201d. Probeer een ander woord."
          : (total === 1 ? "1 resultaat" : total + " resultaten") + " voor \u201c" + words + "\u201d"
            + (total > pages.length ? "; de eerste " + pages.length + " staan hieronder." : "."));
        pages.forEach(function (page) {
          var item = document.createElement("li");
          var heading = document.createElement("h2");
          var link = document.createElement("a");
          link.href = page.url;
          link.textContent = (page.meta && page.meta.title) || page.url;
          heading.appendChild(link);
          item.appendChild(heading);
          item.appendChild(excerpt(page.excerpt || ""));
          list.appendChild(item);
        });
      });
    }).catch(function () {
      if (ticket === latest) say("Zoeken lukt nu niet. Probeer het later nog eens.");
    });
  }

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  search(input.value.trim());
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var words = input.value.trim();
    var url = new URL(location.href);
    if (words) url.searchParams.set("q", words); else url.searchParams.delete("q");
    history.pushState(null, "", url);
    search(words);
  });
  window.addEventListener("popstate", function () {
    input.value = new URLSearchParams(location.search).get("q") || "";
    search(input.value.trim());
  });
})();
