/* The home page's small city map: the city's extent and its kantor
 * kelurahan (from satudata_map_points), drawn by Leaflet (the
 * satudata/leaflet bundle) as a still picture inside the link to the city
 * map. Options: bounds [[south, west], [north, east]], tiles and
 * attribution of the base map (none: no base map), points (API URL).
 */
ckan.module("satudata-city-map", function ($) {
  "use strict";

  return {
    options: { bounds: null, tiles: "", attribution: "", points: "" },

    initialize: function () {
      if (typeof window.L === "undefined" || !this.options.bounds) {
        return;
      }
      var L = window.L;
      var map = L.map(this.el[0], {
        zoomControl: false, dragging: false, scrollWheelZoom: false, doubleClickZoom: false,
        boxZoom: false, keyboard: false, touchZoom: false, tap: false,
        attributionControl: Boolean(this.options.tiles)
      });
      var bounds = L.latLngBounds(this.options.bounds);
      if (this.options.tiles) {
        L.tileLayer(this.options.tiles, { attribution: this.options.attribution }).addTo(map);
      }
      map.fitBounds(bounds);
      L.rectangle(bounds, { color: "#206b82", weight: 2, fill: false, interactive: false })
        .addTo(map);
      if (this.options.points) {
        $.getJSON(this.options.points).done(function (response) {
          L.geoJSON(response.result, {
            pointToLayer: function (feature, latlng) {
              return L.circleMarker(latlng, {
                radius: 4, weight: 1, color: "#ffffff", fillColor: "#c0392b",
                fillOpacity: 0.9, interactive: false
              });
            }
          }).addTo(map);
        });
      }
    }
  };
});
