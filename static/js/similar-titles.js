/* Duplicate hint on the officials' practice form: while the title is typed (and when the
 * ticked cities change), ask /my/practices/similar/ for practices with a similar title in
 * the same cities and list them, with links, in the form's aria-live region.
 *
 * A hint, never a block: nothing stops the form being saved. Without this script the same
 * hint appears after saving, as a message on "My practices".
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-similar-url]");
  var title = form && form.querySelector('input[name="title"]');
  var region = form && form.querySelector("[data-similar-titles]");
  if (!title || !region || !window.fetch || !window.URLSearchParams) {
    return;
  }
  var url = form.getAttribute("data-similar-url");
  var exclude = form.getAttribute("data-similar-exclude") || "";
  var MIN_LENGTH = 4;
  var timer = null;
  var asked = null;
  var pending = null;

  function query() {
    var params = new URLSearchParams();
    params.set("title", title.value.trim());
    form.querySelectorAll('input[name="cities"]:checked').forEach(function (box) {
      params.append("city", box.value);
    });
    if (exclude) {
      params.set("exclude", exclude);
    }
    return params.toString();
  }

  function show(results) {
    region.replaceChildren();
    if (!results.length) {
      return;
    }
    var intro = document.createElement("p");
    intro.textContent = region.getAttribute("data-intro");
    var list = document.createElement("ul");
    results.forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.title;
      item.appendChild(link);
      if (result.context) {
        item.appendChild(document.createTextNode(" (" + result.context + ")"));
      }
      list.appendChild(item);
    });
    region.appendChild(intro);
    region.appendChild(list);
  }

  function check() {
    var asking = query();
    if (asking === asked) {
      return;
    }
    asked = asking;
    if (title.value.trim().length < MIN_LENGTH) {
      show([]);
      return;
    }
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    fetch(url + "?" + asking, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: pending.signal,
    })
      .then(function (response) {
        return response.ok ? response.json() : { results: [] };
      })
      .then(function (data) {
        show(data.results || []);
      })
      .catch(function () {
        /* Aborted or offline: the hint is optional. */
      });
  }

  function soon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 350);
  }

  title.addEventListener("input", soon);
  form.addEventListener("change", function (event) {
    if (event.target.name === "cities") {
      soon();
    }
  });
  if (title.value.trim()) {
    check();
  }
})();
