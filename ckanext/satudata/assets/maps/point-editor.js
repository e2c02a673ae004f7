/* "Tambah / pindahkan titik": point entry on a phone (views/point_editing.py).
 *
 * The layer's points on a Leaflet map; a point is added at the phone's
 * position (refused when its accuracy is worse than config.maxAccuracy) or
 * where the map is tapped, dragged to move it, removed from its form. A save
 * posts every point as JSON; the server makes a new version of the layer's
 * file through the normal upload checks. Nothing is lost on an error: the
 * points stay on the page, and unsaved changes are kept in localStorage
 * until they are saved.
 */
this.ckan.module('satudata-point-editor', function ($) {
  'use strict';

  function text(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, key) {
      return values && values[key] !== undefined ? values[key] : all;
    });
  }

  function csrfHeaders() {
    var field = $('meta[name="csrf_field_name"]').attr('content');
    var token = field && $('meta[name="' + field + '"]').attr('content');
    return token ? {'X-CSRFToken': token} : {};
  }

  return {
    options: {config: null},

    initialize: function () {
      var config = this.options.config || {};
      var self = this;
      this.config = config;
      this.t = config.texts || {};
      this.points = [];
      this.changes = 0;
      this.tapping = false;
      this.selected = null;
      this.status = this.el.find('[data-editor-status]');
      this.errors = this.el.find('[data-editor-errors]');
      this.form = this.el.find('[data-editor-form]');
      this.saveButton = this.el.find('[data-editor-save]');
      this.icon = L.divIcon({className: 'satudata-editor-marker', iconSize: [26, 26]});
      this.iconSelected = L.divIcon({className: 'satudata-editor-marker is-selected',
                                     iconSize: [30, 30]});
      this._createMap();
      var restored = this._restore();
      (restored || config.features || []).forEach(function (feature) {
        self._add(feature.geometry.coordinates[1], feature.geometry.coordinates[0],
                  feature.properties || {}, true);
      });
      if (restored) { this.changes = 1; this._say(this.t.restored); }
      this._fit();
      this._bind();
      this._count();
    },

    _createMap: function () {
      var config = this.config;
      var canvas = this.el.find('.satudata-editor-canvas')[0];
      this.map = L.map(canvas, {zoomControl: true, maxZoom: 19, tap: true});
      if (config.tileUrl) {
        L.tileLayer(config.tileUrl, {attribution: config.tileAttribution, maxZoom: 19})
          .addTo(this.map);
      }
      if (config.boundary) {
        this.boundary = L.geoJSON(config.boundary.feature, {
          interactive: false,
          style: {color: '#3d5a80', weight: 2, fill: false, dashArray: '6 4'}
        }).addTo(this.map);
      }
      this.map.fitBounds(config.extent);
    },

    _fit: function () {
      var positions = this.points.map(function (p) { return p.marker.getLatLng(); });
      if (positions.length) {
        this.map.fitBounds(L.latLngBounds(positions).pad(0.2), {maxZoom: 17});
      } else if (this.boundary) {
        this.map.fitBounds(this.boundary.getBounds());
      }
    },

    _bind: function () {
      var self = this;
      this.locateButton = this.el.find('[data-editor-locate]').prop('disabled', false)
        .on('click', function () { self._locate(); });
      this.tapButton = this.el.find('[data-editor-tap]').prop('disabled', false);
      this.tapLabel = this.tapButton.text();
      this.tapButton
        .on('click', function () { self._setTapping(!self.tapping); });
      this.saveButton.on('click', function () { self._save(); });
      this.el.find('[data-editor-remove]').on('click', function () {
        if (self.selected) { self._remove(self.selected); }
      });
      this.el.find('[data-editor-close]').on('click', function () { self._select(null); });
      this.map.on('click', function (event) {
        if (!self.tapping) { return; }
        self._setTapping(false);
        self._addNew(event.latlng.lat, event.latlng.lng);
      });
      window.addEventListener('beforeunload', function (event) {
        if (self.changes) { event.preventDefault(); event.returnValue = self.t.leave; }
      });
    },

    _say: function (message, kind) {
      this.status.text(message || '').attr('data-kind', kind || 'info');
    },

    _setTapping: function (on) {
      this.tapping = on;
      this.tapButton.text(on ? this.t.tapCancel : this.tapLabel);
      $(this.map.getContainer()).toggleClass('is-tapping', on);
      if (on) { this._say(this.t.tapMode); }
    },

    _locate: function () {
      var self = this;
      var t = this.t;
      if (!navigator.geolocation) { this._say(t.noGeolocation, 'error'); return; }
      this._say(t.locating);
      this.locateButton.prop('disabled', true);
      navigator.geolocation.getCurrentPosition(function (position) {
        self.locateButton.prop('disabled', false);
        var accuracy = Math.round(position.coords.accuracy);
        var latlng = [position.coords.latitude, position.coords.longitude];
        if (self.accuracyCircle) { self.map.removeLayer(self.accuracyCircle); }
        self.accuracyCircle = L.circle(latlng, {radius: accuracy, interactive: false,
                                                color: '#2a9d8f', weight: 1}).addTo(self.map);
        if (accuracy > self.config.maxAccuracy) {
          self._say(text(t.tooCoarse, {n: accuracy, max: self.config.maxAccuracy}), 'error');
          self.map.setView(latlng, Math.max(self.map.getZoom(), 16));
          return;
        }
        self._addNew(latlng[0], latlng[1]);
        self._say(text(t.accuracy, {n: accuracy}) + ' ' + t.added);
      }, function (error) {
        self.locateButton.prop('disabled', false);
        var message = {1: t.denied, 2: t.unavailable, 3: t.timeout}[error.code] || t.unavailable;
        self._say(message, 'error');
      }, {enableHighAccuracy: true, timeout: 20000, maximumAge: 0});
    },

    _add: function (lat, lon, properties, loaded) {
      var self = this;
      var point = {properties: $.extend({}, properties), isNew: !loaded};
      point.marker = L.marker([lat, lon], {icon: this.icon, draggable: true, keyboard: true,
                                           title: this._name(point)}).addTo(this.map);
      point.marker.on('click', function () { self._select(point); });
      point.marker.on('dragend', function () {
        self._changed(self.t.moved);
        if (self.selected === point) { self._showPosition(point); }
      });
      this.points.push(point);
      return point;
    },

    _addNew: function (lat, lon) {
      var point = this._add(lat, lon, {}, false);
      this._changed(this.t.added);
      this._select(point);
      this.map.panTo([lat, lon]);
    },

    _remove: function (point) {
      this.map.removeLayer(point.marker);
      this.points.splice(this.points.indexOf(point), 1);
      this._select(null);
      this._changed(this.t.removed);
    },

    _name: function (point) {
      var p = point.properties;
      if (p.nama) { return p.nama; }
      if (p.rt) { return 'RT ' + p.rt + (p.rw ? ' / RW ' + p.rw : ''); }
      return this.t.newPoint;
    },

    _showPosition: function (point) {
      var latlng = point.marker.getLatLng();
      this.form.find('[data-editor-position]')
        .text(latlng.lat.toFixed(6) + ', ' + latlng.lng.toFixed(6));
    },

    _select: function (point) {
      var self = this;
      if (this.selected) { this.selected.marker.setIcon(this.icon); }
      this.selected = point;
      if (!point) { this.form.prop('hidden', true); return; }
      point.marker.setIcon(this.iconSelected);
      this.form.find('[data-editor-form-title]').text(this._name(point));
      this._showPosition(point);
      var fields = this.form.find('[data-editor-fields]').empty();
      (this.config.attributes || []).forEach(function (attribute, index) {
        var id = 'satudata-editor-field-' + index;
        var group = $('<div class="mb-2"></div>').appendTo(fields);
        $('<label class="form-label"></label>').attr('for', id)
          .text(attribute.label + (attribute.required ? ' *' : '')).appendTo(group);
        var input;
        if (attribute.choices && attribute.choices.length) {
          input = $('<select class="form-select"></select>').append($('<option value=""></option>'));
          attribute.choices.forEach(function (choice) {
            $('<option></option>').attr('value', choice).text(choice).appendTo(input);
          });
        } else {
          input = $('<input class="form-control">').attr('type', 'text')
            .attr('inputmode', attribute.type === 'text' ? 'text' : 'numeric')
            .attr('placeholder', attribute.example || '');
        }
        input.attr({id: id, name: attribute.name}).prop('required', attribute.required)
          .val(point.properties[attribute.name] === undefined ? ''
               : String(point.properties[attribute.name]))
          .on('input change', function () {
            var value = $(this).val();
            if (value === '') { delete point.properties[attribute.name]; }
            else { point.properties[attribute.name] = value; }
            var name = self._name(point);
            point.marker.options.title = name;
            if (point.marker.getElement()) { point.marker.getElement().title = name; }
            self.form.find('[data-editor-form-title]').text(name);
            self._changed();
          })
          .appendTo(group);
      });
      this.form.prop('hidden', false);
    },

    _changed: function (message) {
      this.changes += 1;
      this._keep();
      this._count();
      if (message) { this._say(message); }
    },

    _count: function () {
      var line = text(this.t.count, {n: this.points.length});
      if (this.changes) { line += ' ' + this.t.leave; }
      this.el.find('[data-editor-count]').text(line);
      this.saveButton.prop('disabled', !this.changes || this.config.locked);
    },

    _features: function () {
      return this.points.map(function (point) {
        var latlng = point.marker.getLatLng();
        return {type: 'Feature', properties: point.properties,
                geometry: {type: 'Point', coordinates: [latlng.lng, latlng.lat]}};
      });
    },

    /* Unsaved changes survive a reload or a lost connection. */
    _keep: function () {
      try {
        localStorage.setItem(this.config.storageKey, JSON.stringify(
          {base: this.config.baseVersion, features: this._features()}));
      } catch (e) { /* private mode or full: the page still holds them */ }
    },

    _restore: function () {
      try {
        var kept = JSON.parse(localStorage.getItem(this.config.storageKey) || 'null');
        if (kept && kept.base === this.config.baseVersion && kept.features) {
          return kept.features;
        }
        localStorage.removeItem(this.config.storageKey);
      } catch (e) { /* nothing kept */ }
      return null;
    },

    _missing: function () {
      var self = this;
      var messages = [];
      this.points.forEach(function (point) {
        (self.config.attributes || []).forEach(function (attribute) {
          var value = point.properties[attribute.name];
          if (attribute.required && (value === undefined || value === '')) {
            messages.push(text(self.t.missing, {point: self._name(point),
                                                field: attribute.label}));
          }
        });
      });
      return messages;
    },

    _showErrors: function (messages) {
      this.errors.empty().prop('hidden', !messages.length);
      if (!messages.length) { return; }
      $('<p class="mb-1"></p>').text(this.t.failed).appendTo(this.errors);
      var list = $('<ul class="mb-0"></ul>').appendTo(this.errors);
      messages.forEach(function (m) { $('<li></li>').text(m).appendTo(list); });
      this.errors[0].scrollIntoView({block: 'nearest'});
    },

    _save: function () {
      var self = this;
      if (!this.changes) { this._say(this.t.nothing); return; }
      var missing = this._missing();
      if (missing.length) { this._showErrors(missing); return; }
      this._showErrors([]);
      this.saveButton.prop('disabled', true);
      this._say(this.t.saving);
      fetch(this.config.saveUrl, {
        method: 'POST', credentials: 'same-origin',
        headers: $.extend({'Content-Type': 'application/json', 'Accept': 'application/json'},
                          csrfHeaders()),
        body: JSON.stringify({features: this._features(),
                              base_version: this.config.baseVersion})
      }).then(function (response) {
        return response.json().catch(function () {
          return {ok: false, errors: [self.t.offline]};
        });
      }).then(function (answer) {
        if (!answer.ok) {
          self._showErrors(answer.errors || [self.t.offline]);
          self._say(self.t.failed + ' ' + (answer.errors || [])[0], 'error');
          self.saveButton.prop('disabled', false);
          return;
        }
        try { localStorage.removeItem(self.config.storageKey); } catch (e) { /* none */ }
        self.config.baseVersion = answer.base_version;
        self.changes = 0;
        self.points.forEach(function (p) { p.isNew = false; });
        self._count();
        self._say(answer.message, 'success');
      }, function () {
        self._showErrors([self.t.offline]);
        self._say(self.t.offline, 'error');
        self.saveButton.prop('disabled', false);
      });
    }
  };
});
