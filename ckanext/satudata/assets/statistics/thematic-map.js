/* The thematic map (choropleth) of an indicator page: the kelurahan
 * boundaries filled by the colour of their value's class, from
 * /statistik/<key>/peta.geojson (views/statistics.py indicator_map).
 *
 * The element carries data-module-config (views/statistics.py
 * _thematic_map_config): url, extent [[south, west], [north, east]],
 * official, tileUrl, tileAttribution, unit, texts {rank, noData,
 * loadFailed}. Inside it: .satudata-thematic-canvas, [data-map-legend] (a
 * list filled here), [data-map-notice]. Kelurahan without a value are
 * hatched; a tooltip gives the value and rank; a click opens the kelurahan
 * page.
 */
this.ckan.module('satudata-thematic-map', function ($) {
  'use strict';

  var HATCH_ID = 'satudata-no-data-hatch';

  function escapeHtml(value) {
    return String(value === null || value === undefined ? '' : value)
      .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }

  return {
    options: {config: null},

    initialize: function () {
      if (typeof window.L === 'undefined') { return; }
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
      this.renderer = L.svg();
      this.map.addLayer(this.renderer);
      this._addHatch();
      var self = this;
      $.getJSON(this.config.url)
        .done(function (answer) { self._draw(answer); })
        .fail(function () { self._notice(self.texts.loadFailed); });
    },

    _addHatch: function () {
      // An SVG pattern of diagonal lines for "tidak ada data".
      var svg = this.renderer._container;
      if (!svg) { return; }
      var ns = 'http://www.w3.org/2000/svg';
      var defs = document.createElementNS(ns, 'defs');
      var pattern = document.createElementNS(ns, 'pattern');
      pattern.setAttribute('id', HATCH_ID);
      pattern.setAttribute('patternUnits', 'userSpaceOnUse');
      pattern.setAttribute('width', '6');
      pattern.setAttribute('height', '6');
      pattern.setAttribute('patternTransform', 'rotate(45)');
      var back = document.createElementNS(ns, 'rect');
      back.setAttribute('width', '6');
      back.setAttribute('height', '6');
      back.setAttribute('fill', '#f4f4f4');
      var line = document.createElementNS(ns, 'line');
      line.setAttribute('x1', '0');
      line.setAttribute('y1', '0');
      line.setAttribute('x2', '0');
      line.setAttribute('y2', '6');
      line.setAttribute('stroke', '#9a9a9a');
      line.setAttribute('stroke-width', '2');
      pattern.appendChild(back);
      pattern.appendChild(line);
      defs.appendChild(pattern);
      svg.insertBefore(defs, svg.firstChild);
    },

    _draw: function (answer) {
      var self = this;
      var count = answer.dengan_nilai;
      var dashed = answer.batas_resmi ? null : '4 3';
      var layer = L.geoJSON(answer, {
        renderer: this.renderer,
        style: function (feature) {
          var p = feature.properties;
          return {color: '#5b6770', weight: 1, opacity: 0.9, dashArray: dashed,
                  fillColor: p.kelas ? p.warna : 'url(#' + HATCH_ID + ')',
                  fillOpacity: p.kelas ? 0.85 : 1};
        },
        onEachFeature: function (feature, path) {
          var p = feature.properties;
          var text = '<strong>' + escapeHtml(p.nama_wilayah) + '</strong><br>';
          if (p.kelas) {
            text += escapeHtml(p.nilai_teks) + ' ' + escapeHtml(answer.satuan) + '<br>' +
              escapeHtml((self.texts.rank || '').replace('{rank}', p.peringkat)
                         .replace('{count}', count));
          } else {
            text += escapeHtml(self.texts.noData);
          }
          path.bindTooltip(text, {sticky: true});
          if (p.url) {
            path.on('click', function () { window.location.href = p.url; });
            path.on('mouseover', function () { path.setStyle({weight: 3}); });
            path.on('mouseout', function () { path.setStyle({weight: 1}); });
          }
        }
      }).addTo(this.map);
      this.el.find('.satudata-thematic-canvas').attr('data-features', answer.features.length);
      this._legend(answer.legend || []);
      return layer;
    },

    _legend: function (entries) {
      var list = this.el.find('[data-map-legend]');
      list.empty();
      entries.forEach(function (entry) {
        var swatch = $('<span class="satudata-thematic-swatch" aria-hidden="true"></span>');
        if (entry.kelas) {
          swatch.css('background-color', entry.warna);
        } else {
          swatch.addClass('satudata-thematic-swatch--no-data');
        }
        var item = $('<li></li>').append(swatch)
          .append($('<span></span>').text(entry.label + ' (' + entry.jumlah + ')'));
        list.append(item);
      });
    },

    _notice: function (text) {
      this.el.find('[data-map-notice]').text(text).prop('hidden', false);
    }
  };
});
