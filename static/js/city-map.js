/* The city map: a progressive enhancement of the list of cities.
 *
 * Reads the markers from the JSON in #city-map-data and the tile server from the map
 * element's data attributes. Without JavaScript, Leaflet or tiles, the list still works.
 */
(function () {
  "use strict";

  var element = document.getElementById("city-map");
  var source = document.getElementById("city-map-data");
  if (!element || !source || typeof window.L === "undefined") {
    return;
  }

  var markers;
  try {
    markers = JSON.parse(source.textContent);
  } catch (error) {
    return;
  }
  if (!Array.isArray(markers) || markers.length === 0) {
    return;
  }

  element.hidden = false;
  element.setAttribute("role", "region");
  element.setAttribute("aria-label", element.dataset.label || "");

  var map = window.L.map(element, { scrollWheelZoom: false });
  var tiles = window.L.tileLayer(element.dataset.tileUrl, {
    attribution: element.dataset.attribution || "",
    maxZoom: 18,
    detectRetina: true,
  }).addTo(map);

  // Offline, or the tile server is down: say so once; the list below still has every city.
  var status = document.querySelector("[data-map-status]");
  tiles.on("tileerror", function () {
    if (status && status.hidden) {
      status.textContent = element.dataset.tileError || "";
      status.hidden = false;
    }
  });

  // A vector pin: sharp on high-density screens, and grey for a city with no public practice.
  function pin(sharing) {
    return window.L.divIcon({
      className: "city-pin" + (sharing ? "" : " city-pin--none"),
      html:
        '<svg viewBox="0 0 24 36" width="24" height="36" aria-hidden="true" focusable="false">' +
        '<path d="M12 35C12 35 1 20.5 1 12a11 11 0 0 1 22 0c0 8.5-11 23-11 23z"/>' +
        '<circle cx="12" cy="12" r="4.5"/></svg>',
      iconSize: [24, 36],
      iconAnchor: [12, 35],
      popupAnchor: [0, -30],
    });
  }

  var bounds = [];
  markers.forEach(function (city) {
    var position = [city.lat, city.lon];
    bounds.push(position);

    var link = document.createElement("a");
    link.href = city.url;
    link.textContent = city.name;
    var count = document.createElement("span");
    var word = city.practices === 1 ? element.dataset.practicesOne : element.dataset.practicesMany;
    count.textContent = city.practices
      ? " · " + city.practices + " " + (word || "")
      : " · " + (element.dataset.practicesNone || "");
    var popup = document.createElement("p");
    popup.appendChild(link);
    popup.appendChild(count);

    // Markers stay out of the tab order: neighbouring cities' markers overlap, and the list
    // of cities below the map offers every one of them as a full-size link (WCAG 2.5.8).
    window.L.marker(position, {
      title: city.name,
      alt: city.name,
      keyboard: false,
      icon: pin(city.practices > 0),
    })
      .bindPopup(popup)
      .addTo(map);
  });

  if (bounds.length === 1) {
    map.setView(bounds[0], 10);
  } else {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 10 });
  }
})();
