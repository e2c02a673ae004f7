/* Map of published points: the city map (/peta) and the map of a kelurahan page.
 *
 * The element carries data-module-config (built by views/maps.py map_config):
 * the URL of the points (GeoJSON, light answer of satudata_map_points), the
 * API URL for a point's details, the kinds with their symbols and attribute
 * labels, the kelurahan with their label positions, the tile source, the
 * texts in the page's language. Inside the element: an optional filter form
 * (kecamatan, kelurahan selects; one checkbox per kind, which is the legend),
 * [data-map-count], [data-map-notice], .satudata-map-canvas and the download
 * links a[data-download].
 *
 * With config.thematic (the city map with boundaries) the panel's
 * [data-thematic] select offers every indicator with values as a thematic
 * layer (choropleth-layer.js) under the points, with its legend.
 *
 * With config.serverClusters (more published points than the cluster
 * threshold) the map never loads every point: after each move or zoom
 * (debounced, the previous request aborted) it asks pointsUrl for its
 * viewport and zoom, and draws what comes back: clusters counted by the
 * server (a disc with the count; a click zooms to its points), or the
 * viewport's points when few enough.
 *
 * With config.kelurahanListUrl (a large region) the kelurahan select holds
 * the desa/kelurahan of the chosen kecamatan only, loaded when it is chosen.
 *
 * The base map never holds anything up: points, labels and controls are
 * drawn whether or not tiles arrive (tile_url may even be empty).
 */
this.ckan.module('satudata-point-map', function ($) {
  'use strict';

  var LABEL_MIN_ZOOM = 12;
  // Clusters are computed for every zoom level the map allows: a city map
  // needs no world view, and single points show from CLUSTERS_END_ZOOM on.
  var MIN_ZOOM = 10;
  var MAX_ZOOM = 19;
  var CLUSTERS_END_ZOOM = 18;
  // With server clusters: how long the map must rest before it asks again.
  var VIEWPORT_DELAY_MS = 250;

  function mark(name) {
    if (window.performance && performance.mark) { performance.mark(name); }
  }

  function escapeHtml(value) {
    return String(value === null || value === undefined ? '' : value)
      .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }

  return {
    options: {config: null},

    initialize: function () {
      var config = this.options.config || {};
      var self = this;
      this.config = config;
      this.texts = config.texts || {};
      this.numbers = new Intl.NumberFormat(config.lang === 'en' ? 'en-GB' : 'id-ID');
      this.kinds = {};
      (config.kinds || []).forEach(function (kind) { self.kinds[kind.code] = kind; });
      this.kelurahan = {};
      (config.kelurahanList || []).forEach(function (k) { self.kelurahan[k.code] = k; });
      this.markers = [];
      this.form = this.el.find('form.satudata-map-filters');
      this.canvas = this.el.find('.satudata-map-canvas')[0];
      this.icons = this._icons();
      this._createMap();
      this._addLabels();
      this._bindControls();
      if (config.serverClusters) {
        this._watchViewport();
      } else {
        this._load();
      }
      this._offerThematic();
    },

    _icons: function () {
      var icons = {};
      $.each(this.kinds, function (code, kind) {
        icons[code] = L.divIcon({
          className: 'satudata-marker satudata-marker--' + code,
          html: '<span class="satudata-map-symbol" style="--symbol-color: ' +
            escapeHtml(kind.color) + '"><i class="fa ' + escapeHtml(kind.icon) +
            '" aria-hidden="true"></i></span>',
          iconSize: [26, 26], iconAnchor: [13, 13], popupAnchor: [0, -12]
        });
      });
      return icons;
    },

    _createMap: function () {
      var self = this;
      var config = this.config;
      this.map = L.map(this.canvas, {zoomSnap: 0.5, minZoom: MIN_ZOOM, maxZoom: MAX_ZOOM});
      this.map.fitBounds(config.extent);
      if (config.tileUrl) {
        var loaded = 0;
        var tiles = L.tileLayer(config.tileUrl, {
          attribution: config.tileAttribution, maxZoom: MAX_ZOOM
        });
        tiles.on('tileload', function () { loaded += 1; });
        tiles.on('tileerror', function () {
          if (!loaded) { self._notice(self.texts.noTiles); }
        });
        tiles.addTo(this.map);
      }
      this._addBoundaries();
      this.cluster = L.markerClusterGroup({
        chunkedLoading: true, chunkDelay: 10, showCoverageOnHover: false, maxClusterRadius: 50,
        disableClusteringAtZoom: CLUSTERS_END_ZOOM,
        chunkProgress: function (processed, total) {
          if (processed === total) { self._shown(); }
        }
      });
      this.cluster.on('click', function (event) { self._openPopup(event.layer); });
      this.map.addLayer(this.cluster);
      this.serverClusters = L.layerGroup().addTo(this.map);
    },

    _addBoundaries: function () {
      // The kelurahan borders (drawn below the points, not clickable); on a
      // kelurahan's page its own polygon stands out.
      var boundaries = this.config.boundaries;
      if (!boundaries || !boundaries.features) { return; }
      var own = this.config.kelurahan;
      var dashed = boundaries.official ? null : '4 3';
      this.boundaries = L.geoJSON(boundaries.features, {
        interactive: false,
        style: function (feature) {
          var mine = own && feature.properties.kode_wilayah === own;
          return {color: mine ? '#1d4f91' : '#5b6770', weight: mine ? 3 : 1.5,
                  opacity: own && !mine ? 0.5 : 0.9, dashArray: dashed,
                  fill: !!mine, fillColor: '#1d4f91', fillOpacity: 0.06};
        }
      }).addTo(this.map);
      this.el.find('.satudata-map-canvas').attr('data-boundaries',
                                                boundaries.features.features.length);
    },

    _addLabels: function () {
      var self = this;
      this.labels = L.layerGroup();
      $.each(this.kelurahan, function (code, k) {
        if (k.lat === null || k.lon === null || k.lat === undefined) { return; }
        if (self.config.kelurahan && code !== self.config.kelurahan) { return; }
        var label = L.marker([k.lat, k.lon], {
          icon: L.divIcon({className: 'satudata-kelurahan-label' +
                             (self.config.boundaries ? ' satudata-kelurahan-label--area' : ''),
                           html: '<span>' + escapeHtml(k.name) + '</span>',
                           iconSize: null}),
          keyboard: false, zIndexOffset: -1000, interactive: !self.config.kelurahan,
          title: self.texts.kelurahan + ' ' + k.name
        });
        if (!self.config.kelurahan) {
          label.on('click', function () { self._chooseKelurahan(code); });
        }
        label.addTo(self.labels);
      });
      var toggle = function () {
        if (self.map.getZoom() >= LABEL_MIN_ZOOM) {
          self.labels.addTo(self.map);
        } else {
          self.labels.remove();
        }
      };
      this.map.on('zoomend', toggle);
      toggle();
    },

    _bindControls: function () {
      var self = this;
      this.form.on('submit', function (event) {
        event.preventDefault();
        self._apply(true);
      });
      this.form.find('input[name=kind]').on('change', function () { self._apply(false); });
      this.form.find('select[name=kecamatan]').on('change', function () {
        self._restrictKelurahan();
        self._loadKelurahanChoices(this.value);
        self._apply(true);
      });
      this.form.find('select[name=kelurahan]').on('change', function () {
        var k = self.kelurahan[this.value];
        if (k) { self.form.find('select[name=kecamatan]').val(k.kecamatan); }
        self._restrictKelurahan();
        self._apply(true);
      });
      this._restrictKelurahan();
    },

    _loadKelurahanChoices: function (kecamatan) {
      // A large region: the select offers the desa/kelurahan of the chosen
      // kecamatan, asked from the reference list when it is chosen.
      var url = this.config.kelurahanListUrl;
      if (!url) { return; }
      var self = this;
      var select = this.form.find('select[name=kelurahan]');
      var chosen = select.val();
      select.find('option').filter(function () { return this.value; }).remove();
      this.el.find('[data-kelurahan-hint]').prop('hidden', !!kecamatan);
      if (!kecamatan) { return; }
      fetch(url + '?kecamatan=' + encodeURIComponent(kecamatan), {credentials: 'same-origin'})
        .then(function (response) { return response.json(); })
        .then(function (body) {
          (body.result || []).forEach(function (k) {
            if (!self.kelurahan[k.kode_wilayah]) {
              self.kelurahan[k.kode_wilayah] = {code: k.kode_wilayah, name: k.nama,
                                                 kecamatan: k.kode_kecamatan};
            }
            select.append($('<option></option>').val(k.kode_wilayah)
              .attr('data-kecamatan', k.kode_kecamatan).text(k.nama));
          });
          if (chosen) { select.val(chosen); }
        })
        .catch(function () { /* the kecamatan filter still works */ });
    },

    _restrictKelurahan: function () {
      var kecamatan = this.form.find('select[name=kecamatan]').val();
      var select = this.form.find('select[name=kelurahan]');
      select.find('option').each(function () {
        var option = $(this);
        var hidden = !!(kecamatan && option.val() && option.data('kecamatan') !== kecamatan);
        option.prop('hidden', hidden).prop('disabled', hidden);
      });
      if (select.find('option:selected').prop('disabled')) { select.val(''); }
    },

    _chooseKelurahan: function (code) {
      var k = this.kelurahan[code];
      this.form.find('select[name=kecamatan]').val(k ? k.kecamatan : '');
      this._restrictKelurahan();
      this.form.find('select[name=kelurahan]').val(code);
      this._apply(true);
    },

    _offerThematic: function () {
      // The indicators' thematic maps as a layer choice, listed after the
      // points are asked for (the page's first load does not wait for it).
      var thematic = this.config.thematic;
      var box = this.el.find('[data-thematic]');
      if (!thematic || !box.length) { return; }
      var self = this;
      var select = box.find('[data-thematic-choice]');
      fetch(thematic.listUrl, {credentials: 'same-origin'})
        .then(function (response) { return response.json(); })
        .then(function (body) {
          var sectors = (body.result || {}).sectors || [];
          sectors.forEach(function (sector) {
            var group = $('<optgroup></optgroup>').attr('label', sector.label);
            sector.indicators.forEach(function (indicator) {
              if (indicator.has_values) {
                group.append($('<option></option>').val(indicator.key).text(indicator.title));
              }
            });
            if (group.children().length) { select.append(group); }
          });
          box.prop('hidden', select.find('option').length < 2);
        })
        .catch(function () { box.prop('hidden', true); });
      select.on('change', function () { self._showThematic(this.value); });
    },

    _showThematic: function (key) {
      var self = this;
      var thematic = this.config.thematic;
      var box = this.el.find('[data-thematic]');
      var notice = box.find('[data-thematic-notice]');
      if (this.thematicLayer) { this.map.removeLayer(this.thematicLayer); }
      this.thematicLayer = null;
      window.satudataChoropleth.legend(box.find('[data-thematic-legend]')[0], []);
      notice.prop('hidden', true);
      this.el.attr('data-thematic-state', key ? 'loading' : 'none');
      if (this.boundaries && !this.map.hasLayer(this.boundaries)) {
        this.boundaries.addTo(this.map);
      }
      if (!key) { return; }
      this.thematicKey = key;
      this.thematicRenderer = this.thematicRenderer ||
        window.satudataChoropleth.renderer(this.map);
      fetch(thematic.mapUrl.replace('__key__', encodeURIComponent(key)),
            {credentials: 'same-origin'})
        .then(function (response) {
          if (!response.ok) { throw new Error('HTTP ' + response.status); }
          return response.json();
        })
        .then(function (answer) {
          if (self.thematicKey !== key) { return; }
          if (!answer.dengan_nilai) {
            notice.text(thematic.texts.noValues).prop('hidden', false);
            self.el.attr('data-thematic-state', 'empty');
            return;
          }
          // the coloured polygons carry the borders: the plain ones step aside
          if (self.boundaries) { self.map.removeLayer(self.boundaries); }
          self.thematicLayer = window.satudataChoropleth.layer(
            answer, self.thematicRenderer, thematic.texts).addTo(self.map);
          window.satudataChoropleth.legend(box.find('[data-thematic-legend]')[0],
                                          answer.legend);
          self.el.attr('data-thematic-state', 'shown');
        })
        .catch(function () {
          notice.text(thematic.texts.loadFailed).prop('hidden', false);
          self.el.attr('data-thematic-state', 'failed');
        });
    },

    _load: function () {
      var self = this;
      this._status(this.texts.loading);
      this.el.attr('data-map-state', 'loading');
      mark('satudata-map-fetch');
      fetch(this.config.pointsUrl, {credentials: 'same-origin'})
        .then(function (response) {
          if (!response.ok) { throw new Error('HTTP ' + response.status); }
          return response.json();
        })
        .then(function (collection) {
          mark('satudata-map-fetched');
          if (collection.clustered) {
            // too many points (a kelurahan of a large region): ask per viewport
            self.config.serverClusters = true;
            self._watchViewport();
            return;
          }
          self._addPoints(collection.features || []);
        })
        .catch(function () {
          self.el.attr('data-map-state', 'failed');
          self._status(self.texts.loadFailed);
        });
    },

    _addPoints: function (features) {
      this._addMarkers(features);
      mark('satudata-map-markers');
      var selection = this._selection();
      this._apply(!!(selection.kelurahan || selection.kecamatan));
    },

    _addMarkers: function (features) {
      var markers = new Array(features.length);
      for (var i = 0; i < features.length; i += 1) {
        var feature = features[i];
        var p = feature.properties;
        var position = feature.geometry.coordinates;
        var marker = L.marker([position[1], position[0]], {
          icon: this.icons[p.kind], title: p.name || '', keyboard: true
        });
        marker.satudata = {id: feature.id, kind: p.kind, name: p.name, dataset: p.dataset,
                           kelurahan: p.kelurahan, kecamatan: p.kecamatan};
        markers[i] = marker;
      }
      this.markers = markers;
    },

    _selection: function () {
      var kinds = {};
      var inputs = this.form.find('input[name=kind]');
      if (inputs.length) {
        inputs.filter(':checked').each(function () { kinds[this.value] = true; });
      } else {
        $.each(this.kinds, function (code) { kinds[code] = true; });
      }
      return {
        kinds: kinds,
        allKinds: inputs.length === 0 || inputs.filter(':checked').length === inputs.length,
        kecamatan: this.form.find('select[name=kecamatan]').val() || '',
        kelurahan: this.config.kelurahan || this.form.find('select[name=kelurahan]').val() || ''
      };
    },

    _apply: function (fit) {
      var selection = this._selection();
      if (this.config.serverClusters) {
        this._updateLinks(selection);
        if (fit) { this._fitSelection(selection); } else { this._loadViewport(); }
        return;
      }
      var prefix = selection.kecamatan + '.';
      var inArea = this.markers.filter(function (marker) {
        var s = marker.satudata;
        return (!selection.kecamatan || (s.kelurahan || '').indexOf(prefix) === 0) &&
          (!selection.kelurahan || s.kelurahan === selection.kelurahan);
      });
      var counts = {};
      var visible = inArea.filter(function (marker) {
        var kind = marker.satudata.kind;
        counts[kind] = (counts[kind] || 0) + 1;
        return selection.kinds[kind];
      });
      var self = this;
      this.el.find('[data-kind-count]').each(function () {
        $(this).text(self.numbers.format(counts[$(this).data('kind-count')] || 0));
      });
      this.shownCount = visible.length;
      this.el.attr('data-map-state', 'drawing');
      this.cluster.clearLayers();
      if (visible.length) {
        this.cluster.addLayers(visible);
      } else {
        this._shown();
      }
      this._status(visible.length ? '' : this.texts.noPoints);
      this._updateLinks(selection);
      if (fit) { this._fit(visible, selection); }
    },

    _watchViewport: function () {
      // Server clusters: ask for the viewport after every move or zoom, once
      // the map has rested, dropping an answer still on its way.
      var self = this;
      this.map.on('moveend', function () {
        clearTimeout(self.viewportTimer);
        self.viewportTimer = setTimeout(function () { self._loadViewport(); },
                                        VIEWPORT_DELAY_MS);
      });
      var selection = this._selection();
      if (selection.kecamatan || selection.kelurahan) {
        this._fitSelection(selection);
      } else {
        this._loadViewport();
      }
    },

    _viewportUrl: function (params) {
      var url = this.config.pointsUrl;
      return url + (url.indexOf('?') < 0 ? '?' : '&') + params.toString();
    },

    _fetchViewport: function (params) {
      if (this.viewportRequest) { this.viewportRequest.abort(); }
      var controller = window.AbortController ? new AbortController() : null;
      this.viewportRequest = controller;
      return fetch(this._viewportUrl(params), {credentials: 'same-origin',
                                               signal: controller && controller.signal})
        .then(function (response) {
          if (!response.ok) { throw new Error('HTTP ' + response.status); }
          return response.json();
        });
    },

    _loadViewport: function () {
      var self = this;
      var selection = this._selection();
      var params = this._query(selection);
      var bounds = this.map.getBounds().pad(0.1);
      params.set('bbox', [Math.max(bounds.getWest(), -180), Math.max(bounds.getSouth(), -90),
                          Math.min(bounds.getEast(), 180), Math.min(bounds.getNorth(), 90)]
        .map(function (v) { return v.toFixed(5); }).join(','));
      params.set('zoom', Math.round(this.map.getZoom()));
      this._status(this.texts.loading);
      this.el.attr('data-map-state', 'loading');
      this._fetchViewport(params)
        .then(function (collection) { self._drawViewport(collection, selection); })
        .catch(function (error) {
          if (error && error.name === 'AbortError') { return; }
          self.el.attr('data-map-state', 'failed');
          self._status(self.texts.loadFailed);
        });
    },

    _fitSelection: function (selection) {
      // Where the chosen kecamatan or kelurahan has points: its clusters'
      // extent, asked at a low zoom; the move then loads its viewport.
      var self = this;
      var params = this._query(selection);
      params.set('zoom', 10);
      this._fetchViewport(params)
        .then(function (collection) {
          var bounds = L.latLngBounds([]);
          (collection.features || []).forEach(function (feature) {
            var box = feature.properties.bbox;
            var c = feature.geometry.coordinates;
            if (box) { bounds.extend([[box[1], box[0]], [box[3], box[2]]]); }
            bounds.extend([c[1], c[0]]);
          });
          if (bounds.isValid()) {
            self.map.fitBounds(bounds.pad(0.15), {maxZoom: 17});
          } else {
            self._fit([], selection);
          }
          self._loadViewport();
        })
        .catch(function (error) {
          if (error && error.name === 'AbortError') { return; }
          self._loadViewport();
        });
    },

    _drawViewport: function (collection, selection) {
      var self = this;
      var features = collection.features || [];
      var kinds = collection.kinds || {};
      this.el.find('[data-kind-count]').each(function () {
        $(this).text(self.numbers.format(kinds[$(this).data('kind-count')] || 0));
      });
      this.serverClusters.clearLayers();
      this.cluster.clearLayers();
      this.shownCount = collection.total || 0;
      this.el.attr('data-map-clustered', collection.clustered ? 'server' : 'none');
      this._status(features.length ? '' : this.texts.noPoints);
      if (!collection.clustered) {
        this.markers = [];
        this._addMarkers(features);
        this.el.attr('data-map-state', 'drawing');
        if (this.markers.length) { this.cluster.addLayers(this.markers); } else { this._shown(); }
        return;
      }
      features.forEach(function (feature) {
        var p = feature.properties;
        var c = feature.geometry.coordinates;
        var size = p.count < 100 ? 'small' : (p.count < 1000 ? 'medium' : 'large');
        var marker = L.marker([c[1], c[0]], {
          icon: L.divIcon({
            className: 'marker-cluster marker-cluster-' + size + ' satudata-server-cluster',
            html: '<div><span>' + escapeHtml(self.numbers.format(p.count)) + '</span></div>',
            iconSize: [40, 40]
          }),
          title: (self.texts.cluster || '{n}').replace('{n}', self.numbers.format(p.count)),
          keyboard: true
        });
        marker.on('click', function () {
          var box = p.bbox;
          var bounds = L.latLngBounds([[box[1], box[0]], [box[3], box[2]]]);
          var zoom = Math.min(Math.max(self.map.getBoundsZoom(bounds.pad(0.1)),
                                       self.map.getZoom() + 1), MAX_ZOOM);
          self.map.setView(bounds.getCenter(), zoom);
        });
        marker.addTo(self.serverClusters);
      });
      this._shown();
    },

    _shown: function () {
      this.el.attr('data-map-state', 'ready');
      this.el.attr('data-map-shown', this.shownCount);
      this.el.find('[data-map-count]').text(
        (this.texts.count || '{n}').replace('{n}', this.numbers.format(this.shownCount)));
      mark('satudata-map-shown');
    },

    _fit: function (visible, selection) {
      if (visible.length) {
        var bounds = L.latLngBounds(visible.map(function (m) { return m.getLatLng(); }));
        this.map.fitBounds(bounds.pad(0.15), {maxZoom: 17});
        return;
      }
      var k = this.kelurahan[selection.kelurahan];
      if (k && k.lat !== null && k.lat !== undefined) {
        this.map.setView([k.lat, k.lon], 15);
      } else {
        this.map.fitBounds(this.config.extent);
      }
    },

    _query: function (selection) {
      var params = new URLSearchParams();
      if (selection.kecamatan) { params.set('kecamatan', selection.kecamatan); }
      if (selection.kelurahan) { params.set('kelurahan', selection.kelurahan); }
      if (!selection.allKinds) {
        Object.keys(selection.kinds).forEach(function (kind) { params.append('kind', kind); });
      }
      return params;
    },

    _updateLinks: function (selection) {
      var params = this._query(selection);
      var query = params.toString();
      var urls = this.config.downloadUrls || {};
      this.el.find('a[data-download]').each(function () {
        var base = urls[$(this).data('download')];
        if (base) { $(this).attr('href', base + (query ? '?' + query : '')); }
      });
      if (!this.config.kelurahan && window.history && history.replaceState) {
        history.replaceState(null, '', window.location.pathname + (query ? '?' + query : ''));
      }
    },

    _status: function (text) {
      this.el.find('[data-map-status]').text(text || '').prop('hidden', !text);
    },

    _notice: function (text) {
      this.el.find('[data-map-notice]').text(text).prop('hidden', false);
    },

    _openPopup: function (marker) {
      var element = this._popupElement(marker);
      var popup = L.popup({maxWidth: 300, minWidth: 200, offset: [0, -8], autoPanPadding: [16, 16]})
        .setLatLng(marker.getLatLng()).setContent(element).openOn(this.map);
      this._details(marker, element, popup);
    },

    _popupElement: function (marker) {
      var s = marker.satudata;
      var kind = this.kinds[s.kind] || {label: s.kind, attributes: {}};
      var k = this.kelurahan[s.kelurahan];
      var datasetUrl = this.config.datasetUrl.replace('__name__', encodeURIComponent(s.dataset));
      var element = document.createElement('div');
      element.className = 'satudata-map-popup';
      element.innerHTML =
        '<p class="satudata-map-popup-kind">' + escapeHtml(kind.label) + '</p>' +
        '<h3 class="satudata-map-popup-title">' + escapeHtml(s.name || kind.label) + '</h3>' +
        '<dl class="satudata-map-popup-attributes"><dt></dt><dd>' +
        escapeHtml(this.texts.details) + '</dd></dl>' +
        '<p class="satudata-map-popup-area">' +
        (k ? escapeHtml(this.texts.kelurahan) + ' <a href="' + escapeHtml(k.url) + '">' +
          escapeHtml(k.name) + '</a>, ' : '') +
        escapeHtml(this.texts.kecamatan) + ' ' + escapeHtml(s.kecamatan || '') + '</p>' +
        '<p class="satudata-map-popup-dataset"><a href="' + escapeHtml(datasetUrl) + '">' +
        escapeHtml(this.texts.dataset) + '</a></p>';
      return element;
    },

    _details: function (marker, element, popup) {
      var self = this;
      var kind = this.kinds[marker.satudata.kind] || {attributes: {}};
      var url = this.config.detailUrl + '?id=' + encodeURIComponent(marker.satudata.id);
      fetch(url, {credentials: 'same-origin'})
        .then(function (response) { return response.json(); })
        .then(function (body) {
          var result = body.result || {};
          var feature = (result.features || [])[0];
          var list = element.querySelector('.satudata-map-popup-attributes');
          if (!feature) { list.remove(); return; }
          var attributes = feature.properties.attributes || {};
          var html = '';
          Object.keys(attributes).forEach(function (name) {
            var value = attributes[name];
            if (typeof value === 'number') { value = self.numbers.format(value); }
            html += '<dt>' + escapeHtml(kind.attributes[name] || name) + '</dt><dd>' +
              escapeHtml(typeof value === 'object' ? JSON.stringify(value) : value) + '</dd>';
          });
          list.innerHTML = html;
          var dataset = (result.datasets || {})[marker.satudata.dataset];
          if (dataset) {
            element.querySelector('.satudata-map-popup-dataset a').textContent =
              self.texts.dataset + ': ' + dataset.title;
          }
          popup.update();
        })
        .catch(function () {
          var list = element.querySelector('.satudata-map-popup-attributes');
          if (list) { list.remove(); }
        });
    }
  };
});
