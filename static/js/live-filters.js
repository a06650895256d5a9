/* Live filters for faceted lists: progressive enhancement of a plain GET form.
 *
 * Without this script the filter form submits and the page reloads; every URL is
 * shareable. With it, changing a filter fetches the same URL, swaps the regions
 * marked [data-swap] (facet counts, results), updates the address bar and
 * announces the new result count in the [data-live-status] region.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-live-filters]");
  if (!form || !window.fetch || !window.DOMParser || !window.URLSearchParams || !window.history.pushState) {
    return;
  }
  document.documentElement.classList.add("js");

  var status = document.querySelector("[data-live-status]");
  var pending = null;

  function urlFor(params) {
    var query = params.toString();
    return form.getAttribute("action") + (query ? "?" + query : "");
  }

  function formParams() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (String(value).trim() !== "") {
        params.append(key, value);
      }
    });
    return params;
  }

  function selectorFor(element) {
    if (!element || element === document.body) {
      return null;
    }
    if (element.name && (element.type === "checkbox" || element.type === "radio")) {
      return 'input[name="' + CSS.escape(element.name) + '"][value="' + CSS.escape(element.value) + '"]';
    }
    return element.id ? "#" + CSS.escape(element.id) : null;
  }

  function syncFields(doc, active) {
    // Fields outside the swapped regions (words, years, sort) follow the fetched page.
    form.querySelectorAll("input[id], select[id]").forEach(function (field) {
      if (field === active || field.closest("[data-swap]")) {
        return;
      }
      var fresh = doc.getElementById(field.id);
      if (fresh && "value" in fresh) {
        field.value = fresh.value;
      }
    });
    var mirror = form.querySelector("[data-ordering-mirror]");
    var freshMirror = doc.querySelector("[data-ordering-mirror]");
    if (mirror && freshMirror) {
      mirror.value = freshMirror.value;
    }
  }

  function swap(doc) {
    document.querySelectorAll("[data-swap]").forEach(function (region) {
      var fresh = doc.getElementById(region.id);
      if (fresh) {
        region.replaceWith(document.importNode(fresh, true));
      }
    });
    document.title = doc.title;
    var feed = document.querySelector('link[rel="alternate"][data-list-feed]');
    var freshFeed = doc.querySelector('link[rel="alternate"][data-list-feed]');
    if (feed && freshFeed) {
      feed.setAttribute("href", freshFeed.getAttribute("href"));
    }
  }

  function announce() {
    var count = document.querySelector("[data-result-count]");
    if (status && count) {
      status.textContent = "";
      window.setTimeout(function () {
        status.textContent = count.textContent.replace(/\s+/g, " ").trim();
      }, 50);
    }
  }

  function load(url, options) {
    options = options || {};
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    var active = document.activeElement;
    var focusSelector = selectorFor(active);
    var results = document.getElementById("results");
    if (results) {
      results.setAttribute("aria-busy", "true");
    }
    return fetch(url, {
      headers: { Accept: "text/html" },
      credentials: "same-origin",
      signal: pending.signal
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        swap(doc);
        syncFields(doc, options.keepActive ? active : null);
        if (options.push) {
          window.history.pushState({ liveFilters: true }, "", url);
        }
        var target = options.focusResults ? null : focusSelector && document.querySelector(focusSelector);
        if (target) {
          target.focus();
        } else if (options.focusResults) {
          var fresh = document.getElementById("results");
          if (fresh) {
            fresh.focus();
          }
        }
        announce();
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          window.location.assign(url); // fall back to a plain page load
        }
      });
  }

  form.addEventListener("change", function (event) {
    var field = event.target;
    if (field.type === "search" || field.type === "number") {
      return; // words and years apply on Enter or with the button
    }
    load(urlFor(formParams()), { push: true, keepActive: true });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load(urlFor(formParams()), { push: true, keepActive: true });
  });

  // The sort menu lives in the results; it sets the form's ordering and refreshes.
  document.addEventListener("change", function (event) {
    if (!event.target.closest("[data-sort-form]")) {
      return;
    }
    var mirror = form.querySelector("[data-ordering-mirror]");
    if (mirror) {
      mirror.value = event.target.value;
    }
    load(urlFor(formParams()), { push: true, keepActive: true });
  });

  document.addEventListener("submit", function (event) {
    if (event.target.closest("[data-sort-form]")) {
      event.preventDefault();
      load(urlFor(formParams()), { push: true });
    }
  });

  // Chips, pagination and "remove filter" suggestions refresh in place too.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-live-link]");
    if (!link || event.defaultPrevented || event.button !== 0 ||
        event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    load(link.getAttribute("href"), { push: true, focusResults: true });
  });

  window.addEventListener("popstate", function () {
    load(window.location.pathname + window.location.search, { focusResults: true });
  });
})();
