/* CKAN's GeoJSON preview (ckanext-geoview) writes each feature's properties
 * into its popup as HTML. A point file is user data: its keys and values are
 * escaped here before the preview sees them, so the popup shows them as text. */
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

  var showPreview = Preview.prototype.showPreview;
  Preview.prototype.showPreview = function (data) {
    return showPreview.call(this, escapedData(data));
  };
})();
