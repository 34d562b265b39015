// The login window of the web editor (Decap CMS's handshake). The token goes to the site's own
// origin only: the opener first says "authorizing:github", we answer with the same from that
// origin, and only a reply from exactly that origin gets the token. postMessage's targetOrigin
// drops the message for any other page that opened this window.
(function () {
  var box = document.getElementById("inlog");
  var site = box.getAttribute("data-site");
  var status = document.getElementById("inlog-status");
  var payload = box.getAttribute("data-uitkomst") === "gelukt"
    ? "authorization:github:success:" + JSON.stringify({ token: box.getAttribute("data-token"), provider: "github" })
    : "authorization:github:error:" + JSON.stringify({ message: box.getAttribute("data-melding") });
  box.removeAttribute("data-token");
  if (!window.opener) {
    status.textContent = box.getAttribute("data-geen-venster");
    return;
  }
  var answered = false;
  window.addEventListener("message", function (event) {
    if (event.origin !== site || event.data !== "authorizing:github" || answered) return;
    answered = true;
    event.source.postMessage(payload, site);
    if (box.getAttribute("data-uitkomst") === "gelukt") status.textContent = box.getAttribute("data-gelukt");
  });
  window.opener.postMessage("authorizing:github", site);
  setTimeout(function () {
    if (!answered) status.textContent = box.getAttribute("data-vreemde-site");
  }, 4000);
})();
