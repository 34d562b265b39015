// The web editor's preview: a story, an episode, a manifest and a timeline moment as the site
// shows them, with the site's own stylesheets (the ones its pages load, found on the home page)
// and the same HTML structure and classes as the site's templates (hooks/templates/story.html,
// episode.html, manifest.html, timeline.html). tests/test_cms.py compares the preview of every
// real story, manifest and moment with the built page, so the two cannot drift apart unseen.

// The stylesheets the site's pages load, as the home page links them.
export async function siteStylesheets() {
  const home = new URL("../", location.href);
  try {
    const html = await (await fetch(home, { credentials: "same-origin" })).text();
    const page = new DOMParser().parseFromString(html, "text/html");
    return [...page.querySelectorAll('link[rel="stylesheet"]')].map((link) => new URL(link.getAttribute("href"), home).href);
  } catch {
    return [new URL("assets/stylesheets/campagne.css", home).href];
  }
}

// The quote around its title, as hooks/collections/stories.py's StoryEntry.quote_parts cuts it.
export function quoteParts(quote, title) {
  const wanted = title.trim().replace(/[.!?…]+$/, "");
  const start = wanted ? quote.toLowerCase().indexOf(wanted.toLowerCase()) : -1;
  if (start < 0 || quote.toLowerCase().length !== quote.length) return ["", "", quote];
  let end = start + wanted.length;
  while (end < quote.length && ".!?…".includes(quote[end])) end += 1;
  return [quote.slice(0, start), quote.slice(start, end), quote.slice(end)];
}

export function registerPreviews(CMS, createClass, h) {
  const data = (props, key) => {
    const value = props.entry.getIn(["data", key]);
    return value && value.toJS ? value.toJS() : value;
  };
  const page = (...children) => h("div", { className: "md-typeset hvk-content", style: { padding: "1rem" } }, ...children);

  CMS.registerPreviewTemplate("verhalen", createClass({
    render() {
      const get = (key) => data(this.props, key);
      const title = get("titel") || "";
      const [before, marked, after] = quoteParts(get("citaat") || "", title);
      const age = get("leeftijd");
      const speaker = [get("naam") || "", age ? `${age} jaar` : "", get("functie") || ""].filter(Boolean).join(", ");
      return page(h("article", { className: "hvk-story" },
        h("header", { className: "hvk-story__hero" },
          h("h1", {}, speaker, " ", h("span", { className: "hvk-story__role" }, (get("rol") || "").toLowerCase())),
          marked ? null : h("p", { className: "hvk-story__title" }, title),
          h("figure", { className: "hvk-quote hvk-quote--hero" },
            h("blockquote", {}, h("p", {}, before, marked ? h("strong", {}, marked) : null, after)))),
        get("schuilnaam") === "ja"
          ? h("p", { className: "hvk-note" }, `De naam ${get("naam") || ""} is verzonnen, om de privacy van wie hier vertelt te beschermen.`)
          : null,
        h("div", { className: "hvk-story__body" }, this.props.widgetFor("body")),
        h("p", { className: "hvk-source" }, `Bron: ${get("bron") || ""}`)));
    },
  }));

  CMS.registerPreviewTemplate("afleveringen", createClass({
    render() {
      const get = (key) => data(this.props, key);
      return page(h("article", { className: "hvk-episode" },
        h("h1", {}, get("titel") || ""),
        h("section", { className: "hvk-shownotes" },
          h("h2", {}, "Over deze aflevering"),
          h("p", {}, h("strong", {}, get("samenvatting") || "")),
          this.props.widgetFor("body"))));
    },
  }));

  CMS.registerPreviewTemplate("manifesten", createClass({
    render() {
      const get = (key) => data(this.props, key);
      return page(h("article", { className: "hvk-manifest" },
        h("h1", {}, get("titel") || ""),
        h("p", { className: "hvk-lead" }, get("samenvatting") || ""),
        h("section", {}, h("h2", {}, "Wat we vragen"),
          h("ol", { className: "hvk-demands" }, ...(get("eisen") || []).map((demand) => h("li", {}, demand)))),
        this.props.widgetFor("body"),
        h("p", { className: "hvk-source" }, `Bron: ${get("bron") || ""}`)));
    },
  }));

  CMS.registerPreviewTemplate("tijdlijn", createClass({
    render() {
      const get = (key) => data(this.props, key);
      const outcome = get("uitkomst");
      return page(h("div", { className: "hvk-timeline" },
        h("ol", { className: "hvk-timeline__list" }, h("li", { className: "hvk-timeline__moment" },
          h("p", { className: "hvk-eyebrow" }, get("wanneer") || String(get("datum") || "").slice(0, 10)),
          h("h3", {}, get("titel") || ""),
          h("p", {}, get("gepland") ? "Het plan: " : "", get("tekst") || ""),
          h("p", { className: "hvk-source" }, `Bron: ${get("bron") || ""}`),
          outcome ? h("p", {}, h("strong", {}, "Wat er gebeurde:"), " ", outcome.tekst || "") : null))));
    },
  }));
}
