/* Draws every chart on the page from the JSON the server wrote with json_script.
 * No inline script: a strict Content-Security-Policy holds. Missing figures are not in the data,
 * so they are never drawn as 0; bounds (>, <) are drawn lighter and named in the tooltip. */
(function () {
  "use strict";
  var ACCENT = "#0b5cad", ACCENT_SOFT = "#9cc3ea", HIGHLIGHT = "#d9480f", HIGHLIGHT_SOFT = "#f5b08c";

  function colours(chart, points) {
    return points.map(function (p, i) {
      var hot = chart.highlight && chart.highlight[i];
      if (p.bound) return hot ? HIGHLIGHT_SOFT : ACCENT_SOFT;
      return hot ? HIGHLIGHT : ACCENT;
    });
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof Chart === "undefined") return;
    var chart = JSON.parse(source.textContent);
    var points = chart.datasets[0].points;
    var labels = chart.labels.map(function (label, i) {
      return points[i].bound ? label + " (" + points[i].bound + ")" : label;
    });
    new Chart(canvas, {
      type: chart.type,
      data: {
        labels: labels,
        datasets: chart.datasets.map(function (ds) {
          return {
            label: ds.label,
            data: ds.points.map(function (p) { return p.y; }),
            backgroundColor: colours(chart, ds.points),
            borderColor: chart.type === "line" ? ACCENT : colours(chart, ds.points),
            pointBackgroundColor: colours(chart, ds.points),
            pointRadius: 5,
            borderWidth: chart.type === "line" ? 2 : 1,
            tension: 0
          };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (ctx) { return ctx.dataset.label + ": " + points[ctx.dataIndex].text; }
            }
          }
        },
        scales: {
          y: { beginAtZero: chart.type === "bar", title: { display: !!chart.unit, text: chart.unit } }
        }
      }
    });
  }

  function drawAll() {
    var canvases = document.querySelectorAll("canvas[data-chart]");
    for (var i = 0; i < canvases.length; i++) draw(canvases[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
})();
