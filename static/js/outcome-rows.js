/* "Add another outcome" on the officials' practice form: progressive enhancement of a
 * Django formset.
 *
 * Without this script the form offers a few blank rows and more after each save. With
 * it, the button (hidden in the HTML) copies the formset's blank row from its <template>,
 * gives it the next index in every name, id and label (Django's __prefix__) and its
 * number in the legend, and raises TOTAL_FORMS so that Django reads the new row.
 */
(function () {
  "use strict";

  var button = document.querySelector("[data-add-outcome]");
  var template = document.querySelector("template[data-outcome-template]");
  var rows = document.querySelector("[data-outcome-rows]");
  // The outcomes' own management form: the practice form holds other formsets too.
  var section = rows && rows.closest("fieldset");
  var total = section && section.querySelector('input[name$="-TOTAL_FORMS"]');
  var max = section && section.querySelector('input[name$="-MAX_NUM_FORMS"]');
  if (!button || !template || !rows || !total || !("content" in template)) {
    return;
  }

  function count() {
    return parseInt(total.value, 10) || 0;
  }

  function full() {
    return max && count() >= (parseInt(max.value, 10) || Infinity);
  }

  function addRow() {
    if (full()) {
      return;
    }
    var index = count();
    var html = template.innerHTML
      .replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var row = holder.querySelector("[data-outcome-row]");
    rows.appendChild(row);
    total.value = String(index + 1);
    button.disabled = full();
    var first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) {
      first.focus();
    }
  }

  button.hidden = false;
  button.disabled = full();
  button.addEventListener("click", addRow);
})();
