/* Draws the dashboard's charts from the JSON block #dashboard-charts with the bundled Chart.js.
   Large type and a colour-blind-safe palette (Okabe–Ito) so the charts read on a projector. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-charts");
  if (!source || typeof Chart === "undefined") { return; }
  var charts = JSON.parse(source.textContent);
  var palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];
  var number = new Intl.NumberFormat("id-ID");

  Chart.defaults.font.size = 14;
  Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif";
  Chart.defaults.color = "#222";
  Chart.defaults.animation = false;

  Object.keys(charts).forEach(function (key) {
    var canvas = document.getElementById("chart-" + key);
    if (!canvas) { return; }
    var spec = charts[key];
    var doughnut = spec.type === "doughnut";
    var stacked = spec.datasets.some(function (d) { return d.stack; });
    var secondAxis = spec.datasets.some(function (d) { return d.yAxisID === "y2"; });
    var datasets = spec.datasets.map(function (d, i) {
      var colour = palette[i % palette.length];
      var set = Object.assign({}, d);
      if (doughnut) {
        set.backgroundColor = spec.labels.map(function (_l, j) { return palette[j % palette.length]; });
      } else if (d.type === "line") {
        set.borderColor = "#222"; set.backgroundColor = "#222"; set.borderWidth = 3; set.pointRadius = 4;
        set.order = -1;
      } else {
        set.backgroundColor = colour; set.borderColor = colour;
      }
      return set;
    });
    var options = {
      responsive: true, maintainAspectRatio: false,
      plugins: {
        legend: { position: "bottom", display: doughnut || datasets.length > 1 },
        tooltip: { callbacks: { label: function (ctx) {
          var value = ctx.parsed && typeof ctx.parsed === "object" ? (spec.horizontal ? ctx.parsed.x : ctx.parsed.y) : ctx.parsed;
          return (ctx.dataset.label ? ctx.dataset.label + ": " : "") + number.format(value);
        } } }
      }
    };
    if (!doughnut) {
      var valueAxis = { beginAtZero: true, stacked: stacked, ticks: { precision: 0, callback: function (v) { return number.format(v); } } };
      var categoryAxis = { stacked: stacked, ticks: { autoSkip: !spec.horizontal } };
      options.indexAxis = spec.horizontal ? "y" : "x";
      options.scales = spec.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis };
      if (secondAxis) {
        options.scales.y2 = { position: "right", beginAtZero: true, grid: { drawOnChartArea: false },
                              ticks: { precision: 0, callback: function (v) { return number.format(v); } } };
      }
    }
    new Chart(canvas, { type: doughnut ? "doughnut" : "bar", data: { labels: spec.labels, datasets: datasets }, options: options });
  });
}());
