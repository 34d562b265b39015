document.querySelectorAll("[data-kopieer]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    var text = button.getAttribute("data-kopieer");
    var done = function () { button.textContent = "Link gekopieerd"; };
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, function () {});
  });
});
