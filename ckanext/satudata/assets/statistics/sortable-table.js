/* Sortable tables: the button in a column's header (th[data-sort]) sorts the
 * rows by that column — numbers by the cell's data-value, text in the page's
 * language order — and again for the reverse order. Empty cells stay last.
 * The header's aria-sort tells screen readers the current order.
 */
ckan.module("satudata-sortable-table", function ($) {
  "use strict";

  return {
    initialize: function () {
      var table = this.el[0];
      var headers = Array.prototype.slice.call(table.querySelectorAll("thead th"));
      var collator = new Intl.Collator(document.documentElement.lang || "id",
                                       { numeric: true, sensitivity: "base" });

      function value(row, column, kind) {
        var cell = row.cells[column];
        if (!cell) {
          return null;
        }
        if (kind === "number") {
          var raw = cell.getAttribute("data-value");
          return raw === null || raw === "" ? null : parseFloat(raw);
        }
        var text = cell.textContent.trim();
        return text === "" ? null : text;
      }

      function sort(column, kind, descending) {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = value(a, column, kind);
          var y = value(b, column, kind);
          if (x === null || y === null) {
            return (x === null) - (y === null);
          }
          var order = kind === "number" ? x - y : collator.compare(x, y);
          return descending ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }

      headers.forEach(function (header, column) {
        var kind = header.getAttribute("data-sort");
        var button = header.querySelector("button");
        if (!kind || !button) {
          return;
        }
        button.addEventListener("click", function () {
          var current = header.getAttribute("aria-sort");
          var descending = current ? current === "ascending" : kind === "number";
          sort(column, kind, descending);
          headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
          header.setAttribute("aria-sort", descending ? "descending" : "ascending");
        });
      });
    }
  };
});
