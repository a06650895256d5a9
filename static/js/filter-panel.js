/* The filter panel of a faceted list is a <details>, open in the HTML so that it works
 * without this script. On narrow screens (where the filters stack above the results)
 * it starts closed, so the result count and the active filters show without scrolling
 * past every facet; on wide screens, where the panel sits beside the results, it is open.
 * It follows the screen when the width changes (a phone turned sideways).
 */
(function () {
  "use strict";

  var panels = document.querySelectorAll("[data-filter-panel]");
  if (!panels.length || !window.matchMedia) {
    return;
  }
  var wide = window.matchMedia("(min-width: 56rem)");

  function fit() {
    panels.forEach(function (panel) {
      panel.open = wide.matches;
    });
  }

  fit();
  if (wide.addEventListener) {
    wide.addEventListener("change", fit);
  }
})();
