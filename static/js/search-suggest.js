/* Suggestions under the header's search box, as an ARIA 1.2 combobox with a listbox.
 *
 * The box is a plain GET form: without this script (or if the API fails) typing and
 * pressing Enter searches as before. With it, after two characters the box offers
 * themes, cities, organisations, practices and publications from /api/v1/suggest/:
 * Down/Up move through them (aria-activedescendant), Enter opens the chosen one (or
 * searches when none is chosen), Escape closes the list, a click opens an option.
 * A polite live region says how many suggestions there are.
 */
(function () {
  "use strict";

  var MIN_LENGTH = 2;
  var DELAY_MS = 150;

  function enhance(input) {
    var url = input.getAttribute("data-suggest-url");
    var form = input.form;
    if (!url || !form || !window.fetch) {
      return;
    }
    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("data-suggest-label") || "");
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    form.classList.add("has-suggestions");
    form.appendChild(list);
    form.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    var options = [];
    var active = -1;
    var timer = null;
    var pending = null;
    var lastQuery = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function setActive(index) {
      options.forEach(function (option, i) {
        option.element.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      input.setAttribute("aria-activedescendant", options[index].element.id);
      options[index].element.scrollIntoView({ block: "nearest" });
    }

    function open() {
      if (!options.length) {
        close();
        return;
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function go(option) {
      window.location.assign(option.url);
    }

    function render(results) {
      list.textContent = "";
      options = results.map(function (result, i) {
        var item = document.createElement("li");
        item.id = listId + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.className = "suggestions__option";
        var label = document.createElement("span");
        label.className = "suggestions__label";
        label.textContent = result.label;
        var kind = document.createElement("span");
        kind.className = "suggestions__type";
        kind.textContent = input.getAttribute("data-type-" + result.type) || result.type;
        item.appendChild(label);
        item.appendChild(document.createTextNode(" "));
        item.appendChild(kind);
        var option = { element: item, url: result.url };
        item.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep focus in the box
        });
        item.addEventListener("click", function () {
          go(option);
        });
        list.appendChild(item);
        return option;
      });
      active = -1;
      status.textContent = options.length
        ? (input.getAttribute("data-suggest-count") || "%s").replace(
            "%s",
            options.length
          )
        : "";
      open();
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) {
        open();
        return;
      }
      lastQuery = query;
      if (pending) {
        pending.abort();
      }
      if (query.length < MIN_LENGTH) {
        render([]);
        return;
      }
      pending = window.AbortController ? new AbortController() : null;
      fetch(url + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: pending ? pending.signal : undefined,
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (input.value.trim() === query) {
            render(data.results || []);
          }
        })
        .catch(function () {
          /* aborted or offline: the form still searches */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var expanded = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!expanded) {
          fetchSuggestions();
          open();
          return;
        }
        if (options.length) {
          setActive((active + 1) % options.length);
        }
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (expanded && options.length) {
          setActive(active <= 0 ? options.length - 1 : active - 1);
        }
      } else if (event.key === "Enter") {
        if (expanded && active >= 0) {
          event.preventDefault();
          go(options[active]);
        }
      } else if (event.key === "Escape") {
        if (expanded) {
          event.preventDefault();
          close();
        }
      } else if (event.key === "Tab") {
        close();
      }
    });

    input.addEventListener("blur", function () {
      close();
    });
  }

  document.querySelectorAll("input[data-suggest-url]").forEach(enhance);
})();
