/* Names, keyboard access and heading levels that Swagger UI leaves out, added as it renders:
   parameter and example drop-downs get a name, scrolling code samples get the focus, and its
   title (an h1 of its own, under the page's h1) reads as the level-2 heading above its h3s. */
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || !window.MutationObserver) return;
  var label = root.getAttribute("data-examples-label") || "";
  function mend() {
    root.querySelectorAll("h1:not([aria-level])").forEach(function (heading) {
      heading.setAttribute("aria-level", "2");
    });
    root.querySelectorAll("tr[data-param-name] select:not([aria-label])").forEach(function (select) {
      select.setAttribute("aria-label", select.closest("tr").getAttribute("data-param-name"));
    });
    root.querySelectorAll("select.examples-select-element:not([aria-label])").forEach(function (select) {
      var row = select.closest("tr[data-code]");
      select.setAttribute("aria-label", label + (row ? " " + row.getAttribute("data-code") : ""));
    });
    root.querySelectorAll("select:not([aria-label]):not([id])").forEach(function (select) {
      var title = select.closest("label, div");
      select.setAttribute("aria-label", (title && title.textContent.trim().slice(0, 60)) || label);
    });
    root.querySelectorAll(".microlight:not([tabindex]), pre:not([tabindex])").forEach(function (code) {
      code.setAttribute("tabindex", "0");
    });
  }
  new MutationObserver(mend).observe(root, { childList: true, subtree: true });
  mend();
})();
