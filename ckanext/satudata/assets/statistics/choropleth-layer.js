/* Drawing a thematic map (choropleth) answer on a Leaflet map: shared by the
 * indicator page and the comparison page (thematic-map.js) and the city map
 * (satudata-map.js). An answer is what views/statistics.py serves
 * (/statistik/<key>/peta.geojson and /statistik/perbandingan-kelurahan/
 * peta.geojson): a FeatureCollection of kelurahan polygons with kode_wilayah,
 * nama_wilayah, nilai_teks, kelas, peringkat, warna, url, plus legend,
 * satuan, dengan_nilai and batas_resmi.
 *
 *   var renderer = satudataChoropleth.renderer(map);   // SVG with the hatch
 *   var layer = satudataChoropleth.layer(answer, renderer, texts); // texts: rank, noData
 *   satudataChoropleth.legend(listElement, answer.legend);
 *
 * Kelurahan without a value are hatched; a tooltip gives the value and
 * rank; a click opens the kelurahan page.
 */
(function (window) {
  'use strict';

  var HATCH_ID = 'satudata-no-data-hatch';
  var SVG = 'http://www.w3.org/2000/svg';

  function escapeHtml(value) {
    return String(value === null || value === undefined ? '' : value)
      .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }

  function svgElement(name, attributes) {
    var element = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { element.setAttribute(key, attributes[key]); });
    return element;
  }

  function addHatch(renderer) {
    // An SVG pattern of diagonal lines for "tidak ada data", once per page.
    var svg = renderer._container;
    if (!svg || document.getElementById(HATCH_ID)) { return; }
    var defs = svgElement('defs', {});
    var pattern = svgElement('pattern', {id: HATCH_ID, patternUnits: 'userSpaceOnUse',
                                         width: '6', height: '6',
                                         patternTransform: 'rotate(45)'});
    pattern.appendChild(svgElement('rect', {width: '6', height: '6', fill: '#f4f4f4'}));
    pattern.appendChild(svgElement('line', {x1: '0', y1: '0', x2: '0', y2: '6',
                                            stroke: '#9a9a9a', 'stroke-width': '2'}));
    defs.appendChild(pattern);
    svg.insertBefore(defs, svg.firstChild);
  }

  function renderer(map, options) {
    var svg = L.svg(options || {});
    map.addLayer(svg);
    addHatch(svg);
    return svg;
  }

  function layer(answer, svg, texts) {
    var count = answer.dengan_nilai;
    var dashed = answer.batas_resmi ? null : '4 3';
    texts = texts || {};
    return L.geoJSON(answer, {
      renderer: svg,
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
            escapeHtml((texts.rank || '').replace('{rank}', p.peringkat)
                       .replace('{count}', count));
        } else {
          text += escapeHtml(texts.noData);
        }
        path.bindTooltip(text, {sticky: true});
        if (p.url) {
          path.on('click', function () { window.location.href = p.url; });
          path.on('mouseover', function () { path.setStyle({weight: 3}); });
          path.on('mouseout', function () { path.setStyle({weight: 1}); });
        }
      }
    });
  }

  function legend(list, entries) {
    // `list`: a <ul> element; one item per class and one for "no data".
    while (list.firstChild) { list.removeChild(list.firstChild); }
    (entries || []).forEach(function (entry) {
      var item = document.createElement('li');
      var swatch = document.createElement('span');
      swatch.className = 'satudata-thematic-swatch' +
        (entry.kelas ? '' : ' satudata-thematic-swatch--no-data');
      swatch.setAttribute('aria-hidden', 'true');
      if (entry.kelas) { swatch.style.backgroundColor = entry.warna; }
      var label = document.createElement('span');
      label.textContent = entry.label + ' (' + entry.jumlah + ')';
      item.appendChild(swatch);
      item.appendChild(label);
      list.appendChild(item);
    });
  }

  window.satudataChoropleth = {renderer: renderer, layer: layer, legend: legend};
})(window);
