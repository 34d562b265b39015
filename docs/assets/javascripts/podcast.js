// Player extras. Without JavaScript the native player, the chapter links (media fragments) and
// the selectable feed address all still work.
(function () {
  "use strict";
  var player = document.getElementById("speler");
  if (player) {
    var speed = document.querySelector("[data-hvk-speed]");
    if (speed) {
      speed.hidden = false;
      speed.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-rate]");
        if (!button) return;
        player.playbackRate = parseFloat(button.getAttribute("data-rate"));
        speed.querySelectorAll("button").forEach(function (b) {
          b.setAttribute("aria-pressed", b === button ? "true" : "false");
        });
      });
    }
    document.querySelectorAll("[data-hvk-seek]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        player.currentTime = parseFloat(link.getAttribute("data-hvk-seek"));
        var playing = player.play();
        if (playing && playing.catch) playing.catch(function () {});
        player.focus();
      });
    });
  }
  document.querySelectorAll("[data-hvk-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-hvk-copy"));
    var status = button.parentNode.querySelector("[role=status]");
    if (!field || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        status.textContent = "Gekopieerd.";
      }, function () {
        field.select();
        status.textContent = "Kopiëren lukte niet. Het adres is geselecteerd.";
      });
    });
  });
})();
