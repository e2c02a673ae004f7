/* The home page's small city map: the city's extent and its kantor
 * kelurahan (from satudata_map_points), drawn by Leaflet (the
 * satudata/leaflet bundle) as a still picture inside the link to the city
 * map. Options: bounds [[south, west], [north, east]], tiles and
 * attribution of the base map (none: no base map), points (API URL),
 * boundaries (URL of the kelurahan boundaries: drawn when there are some,
 * else the city's rectangle).
 */
ckan.module("satudata-city-map", function ($) {
  "use strict";

  return {
    options: { bounds: null, tiles: "", attribution: "", points: "", boundaries: "" },

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
      var outline = function () {
        L.rectangle(bounds, { color: "#206b82", weight: 2, fill: false, interactive: false })
          .addTo(map);
      };
      if (this.options.boundaries) {
        $.getJSON(this.options.boundaries).done(function (collection) {
          if (!collection.features || !collection.features.length) { outline(); return; }
          L.geoJSON(collection, {
            interactive: false,
            style: { color: "#206b82", weight: 1, opacity: 0.8, fill: false,
                     dashArray: collection.batas_resmi ? null : "3 3" }
          }).addTo(map);
        }).fail(outline);
      } else {
        outline();
      }
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
