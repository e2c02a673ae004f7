/* The before/after map of a point layer's edit, in the review panel
 * (templates/satudata/points/changes.html): points as published (grey),
 * added (green), moved (orange, a line from where they were) and removed
 * (red, hollow). */
this.ckan.module('satudata-point-changes', function () {
  'use strict';

  var COLORS = {added: '#2b9348', moved: '#f77f00', changed: '#3d5a80',
                removed: '#d00000', unchanged: '#8d99ae'};

  return {
    options: {config: null},

    initialize: function () {
      var config = this.options.config || {};
      var map = L.map(this.el.find('.satudata-point-changes-map')[0], {maxZoom: 19});
      if (config.tileUrl) {
        L.tileLayer(config.tileUrl, {attribution: config.tileAttribution, maxZoom: 19}).addTo(map);
      }
      var bounds = [];
      var changed = {};
      (config.changes || []).forEach(function (change) {
        var after = change.after && [change.after[1], change.after[0]];
        var before = change.before && [change.before[1], change.before[0]];
        var color = COLORS[change.change];
        if (before) { changed[before.join(',')] = true; bounds.push(before); }
        if (after) { changed[after.join(',')] = true; bounds.push(after); }
        if (change.change === 'moved') {
          L.polyline([before, after], {color: color, weight: 2, dashArray: '4 4'}).addTo(map);
          L.circleMarker(before, {radius: 5, color: color, fill: false}).addTo(map);
        }
        var where = after || before;
        L.circleMarker(where, {radius: 8, color: color, weight: 3,
                               fillOpacity: change.change === 'removed' ? 0 : 0.8})
          .bindTooltip(change.name).addTo(map);
      });
      (config.after || []).forEach(function (feature) {
        var c = feature.geometry.coordinates;
        if (changed[[c[1], c[0]].join(',')]) { return; }
        bounds.push([c[1], c[0]]);
        L.circleMarker([c[1], c[0]], {radius: 5, color: COLORS.unchanged, fillOpacity: 0.6})
          .addTo(map);
      });
      if (bounds.length) {
        map.fitBounds(L.latLngBounds(bounds).pad(0.2), {maxZoom: 17});
      } else {
        map.fitBounds(config.extent);
      }
    }
  };
});
