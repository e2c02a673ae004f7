/* A thematic map (choropleth): the kelurahan boundaries filled by the
 * colour of their value's class, drawn by choropleth-layer.js.
 *
 * The element carries data-module-config (views/statistics.py
 * thematic_map_config): url (may be empty), extent [[south, west], [north,
 * east]], tileUrl, tileAttribution, texts {rank, noData, loadFailed}.
 * Inside it: .satudata-thematic-canvas, [data-map-legend] (a list filled
 * here), [data-map-notice], and optionally a select [data-map-choice] whose
 * options' values are answer URLs: choosing one draws it (the comparison
 * page's map per column, loaded on request), an empty value clears the
 * map. a[data-map-download] follows the drawn URL.
 */
this.ckan.module('satudata-thematic-map', function ($) {
  'use strict';

  return {
    options: {config: null},

    initialize: function () {
      if (typeof window.L === 'undefined') { return; }
      var self = this;
      this.config = this.options.config || {};
      this.texts = this.config.texts || {};
      this.canvas = this.el.find('.satudata-thematic-canvas')[0];
      this.map = L.map(this.canvas, {zoomSnap: 0.5, minZoom: 10, maxZoom: 18,
                                     scrollWheelZoom: false});
      this.map.fitBounds(this.config.extent);
      if (this.config.tileUrl) {
        L.tileLayer(this.config.tileUrl, {attribution: this.config.tileAttribution,
                                          maxZoom: 18, opacity: 0.6}).addTo(this.map);
      }
      this.renderer = window.satudataChoropleth.renderer(this.map);
      var choice = this.el.find('[data-map-choice]');
      choice.on('change', function () { self._show(this.value); });
      this._show(choice.length ? choice.val() : this.config.url);
    },

    _show: function (url) {
      var self = this;
      if (this.layer) { this.map.removeLayer(this.layer); this.layer = null; }
      this.el.find('[data-map-notice]').prop('hidden', true);
      this.el.find('[data-map-download]').attr('href', url || '#').prop('hidden', !url);
      this.el.find('[data-map-legend]').empty();
      this.el.find('.satudata-thematic-canvas').attr('data-features', null);
      if (!url) { return; }
      this.loading = url;
      $.getJSON(url)
        .done(function (answer) { if (self.loading === url) { self._draw(answer); } })
        .fail(function () { self._notice(self.texts.loadFailed); });
    },

    _draw: function (answer) {
      this.layer = window.satudataChoropleth.layer(answer, this.renderer, this.texts)
        .addTo(this.map);
      this.el.find('.satudata-thematic-canvas').attr('data-features', answer.features.length);
      window.satudataChoropleth.legend(this.el.find('[data-map-legend]')[0], answer.legend);
    },

    _notice: function (text) {
      this.el.find('[data-map-notice]').text(text).prop('hidden', false);
    }
  };
});
