/* CKAN's GeoJSON preview (ckanext-geoview) writes each feature's properties
 * into its popup as HTML. A point file is user data: its keys and values are
 * escaped here before the preview sees them, so the popup shows them as text.
 * On a point layer's preview (an element [data-satudata-boundaries] gives
 * the URL), the kelurahan boundaries are drawn under the points. */
(function () {
  var Preview = ckan.module.registry && ckan.module.registry.geojsonpreview;
  if (!Preview) { return; }

  function asText(value) {
    if (value !== null && typeof value === 'object') { value = JSON.stringify(value); }
    return String(value)
      .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }

  function escapedFeature(feature) {
    if (!feature || !feature.properties) { return feature; }
    var properties = {};
    jQuery.each(feature.properties, function (key, value) {
      properties[asText(key)] = value === null || value === undefined ? value : asText(value);
    });
    return jQuery.extend({}, feature, {properties: properties});
  }

  function escapedData(data) {
    if (data && jQuery.isArray(data.features)) {
      return jQuery.extend({}, data, {features: jQuery.map(data.features, escapedFeature)});
    }
    return escapedFeature(data);
  }

  function drawBoundaries(map) {
    var source = document.querySelector('[data-satudata-boundaries]');
    if (!source || !map) { return; }
    jQuery.getJSON(source.getAttribute('data-satudata-boundaries')).done(function (collection) {
      if (!collection.features || !collection.features.length) { return; }
      L.geoJSON(collection, {
        interactive: false,
        style: {color: '#5b6770', weight: 1, opacity: 0.8, fill: false,
                dashArray: collection.batas_resmi ? null : '4 3'}
      }).addTo(map).bringToBack();
      document.getElementById('data-preview').setAttribute(
        'data-boundaries', collection.features.length);
    });
  }

  var showPreview = Preview.prototype.showPreview;
  Preview.prototype.showPreview = function (data) {
    var shown = showPreview.call(this, escapedData(data));
    drawBoundaries(this.map);
    return shown;
  };
})();
