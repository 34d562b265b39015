// Player extras. Without JavaScript the native player and the chapter links (media fragments) still work.
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
})();
