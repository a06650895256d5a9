/* Enhancements on every page; each page works without them.
   - A form's error summary takes the focus, so a screen reader reads it first.
   - A long list of checkboxes ([data-filterable]) gets a box that hides the options
     not matching what is typed (the checked ones stay visible).
   - A GET form marked [data-drop-empty] leaves its empty fields out of the URL. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  document.querySelectorAll("[data-filterable]").forEach(function (group) {
    var options = Array.prototype.slice.call(group.querySelectorAll("[data-filter-option]"));
    if (options.length < 8) return;
    var id = (group.id || "choices") + "-filter";
    var wrapper = document.createElement("div");
    wrapper.className = "choice-filter";
    var label = document.createElement("label");
    label.setAttribute("for", id);
    label.textContent = group.getAttribute("data-filter-label") || "";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    var status = document.createElement("p");
    status.className = "hint";
    status.setAttribute("aria-live", "polite");
    wrapper.append(label, input, status);
    var list = group.querySelector("[data-filter-list]") || options[0].parentNode;
    list.parentNode.insertBefore(wrapper, list);
    var fold = function (text) {
      return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    };
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      var shown = 0;
      options.forEach(function (option) {
        var box = option.querySelector("input");
        var match = !wanted || fold(option.textContent).indexOf(wanted) !== -1 || (box && box.checked);
        option.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = wanted
        ? (group.getAttribute("data-filter-count") || "%s").replace("%s", shown)
        : "";
    });
  });

  document.querySelectorAll("form[data-drop-empty]").forEach(function (form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name && !field.disabled && field.value === "" && field.type !== "submit") {
          field.disabled = true;
          window.setTimeout(function () { field.disabled = false; }, 0);
        }
      });
    });
  });
})();
