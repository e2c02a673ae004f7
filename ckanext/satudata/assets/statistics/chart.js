/* Charts of the statistics pages, drawn by Chart.js (the satudata/chartjs
 * bundle) from the figures in a <script type="application/json"> next to the
 * canvas: {type: "bar"|"line", horizontal, labels, series: [{label, data}],
 * unit}. With data-module-select (the id of a <select>), one series at a
 * time: the select's value is the index of the series shown. Numbers are
 * written the way the page's language writes them (1.234,5 in Indonesian).
 */
ckan.module("satudata-chart", function ($) {
  "use strict";

  return {
    options: { source: null, select: null },

    initialize: function () {
      var source = document.getElementById(this.options.source);
      if (!source || typeof window.Chart === "undefined") {
        return;
      }
      var figures = JSON.parse(source.textContent);
      if (!figures || !figures.series || !figures.series.length) {
        return;
      }
      var number = new Intl.NumberFormat(document.documentElement.lang || "id",
                                         { maximumFractionDigits: 2 });
      var unit = figures.unit ? " " + figures.unit : "";
      var valueAxis = figures.horizontal ? "x" : "y";
      var select = this.options.select ? document.getElementById(this.options.select) : null;

      function dataset(series) {
        return { label: series.label, data: series.data };
      }

      function shown() {
        if (!select) {
          return figures.series.map(dataset);
        }
        var index = parseInt(select.value, 10) || 0;
        return [dataset(figures.series[index] || figures.series[0])];
      }

      var scales = {};
      scales[valueAxis] = {
        beginAtZero: true,
        ticks: { callback: function (value) { return number.format(value); } }
      };
      var chart = new window.Chart(this.el[0], {
        type: figures.type || "bar",
        data: { labels: figures.labels, datasets: shown() },
        options: {
          indexAxis: figures.horizontal ? "y" : "x",
          responsive: true,
          maintainAspectRatio: !figures.horizontal,
          aspectRatio: window.innerWidth < 576 ? 1.4 : 2.2,
          animation: false,
          scales: scales,
          plugins: {
            legend: { display: figures.series.length > 1 && !select },
            tooltip: {
              callbacks: {
                label: function (context) {
                  var value = context.parsed[valueAxis];
                  return (context.dataset.label ? context.dataset.label + ": " : "") +
                    (value === null ? "–" : number.format(value) + unit);
                }
              }
            }
          }
        }
      });

      if (select) {
        select.addEventListener("change", function () {
          chart.data.datasets = shown();
          chart.update();
        });
      }
    }
  };
});
