// The coding pages: code colours from data-colour attributes (no inline styles).
(function () {
  "use strict";
  function paint(root) {
    root.querySelectorAll("[data-colour]").forEach(function (element) {
      var colour = element.getAttribute("data-colour");
      if (/^#[0-9a-fA-F]{6}$/.test(colour)) { element.style.backgroundColor = colour; }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { paint(document); });
  document.addEventListener("htmx:afterSwap", function (event) { paint(event.target); });
})();
