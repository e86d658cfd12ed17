// Bảng điều hành: draws the charts from the numbers the page already carries (json_script
// "du-lieu-bieu-do"), the same numbers as the tables under each chart. Without JavaScript
// the tables are the page; with htmx the charts are drawn again after each refresh.
(function () {
  "use strict";
  // AA contrast on white; the same meaning keeps the same colour on every chart.
  var COLOURS = { received: "#0b4f8a", in_time: "#17603a", late: "#9b1111", open: "#8a5300" };
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function shorten(text, size) {
    text = String(text);
    return text.length > size ? text.slice(0, size - 1) + "…" : text;
  }

  function datasets(series) {
    return series.map(function (s) {
      var colour = COLOURS[s.tone] || "#4a4f55";
      return {
        label: s.label,
        data: s.data,
        backgroundColor: colour,
        borderColor: colour,
      };
    });
  }

  function options(horizontal) {
    var narrow = window.innerWidth < 600;
    var valueAxis = { beginAtZero: true, ticks: { precision: 0 } };
    var labelAxis = {
      ticks: {
        autoSkip: !horizontal,
        callback: function (value) {
          var label = String(this.getLabelForValue(value));
          if (narrow) label = label.replace(/^Tháng /, "");
          return shorten(label, narrow ? 16 : 40);
        },
      },
    };
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: still ? false : { duration: 300 },
      indexAxis: horizontal ? "y" : "x",
      locale: "vi-VN",
      plugins: { legend: { position: narrow ? "bottom" : "top", labels: { boxWidth: 14 } } },
      scales: horizontal
        ? { x: Object.assign({ stacked: true }, valueAxis), y: Object.assign({ stacked: true }, labelAxis) }
        : { x: labelAxis, y: valueAxis },
    };
  }

  // The bar chart grows with its rows; set here (CSSOM) since the CSP refuses style attributes.
  function sizeBoxes() {
    document.querySelectorAll(".chart-box[data-rows]").forEach(function (box) {
      box.style.setProperty("--rows", box.getAttribute("data-rows"));
    });
  }

  function draw() {
    if (typeof window.Chart === "undefined") return;
    sizeBoxes();
    var source = document.getElementById("du-lieu-bieu-do");
    if (!source) return;
    var data = JSON.parse(source.textContent);
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var name = canvas.getAttribute("data-chart");
      var chart = data[name];
      var old = window.Chart.getChart(canvas);
      if (old) old.destroy();
      if (!chart) return;
      var horizontal = name === "parts";
      new window.Chart(canvas, {
        type: "bar",
        data: { labels: chart.labels, datasets: datasets(chart.series) },
        options: options(horizontal),
      });
      canvas.closest("figure").classList.add("drawn");
    });
  }

  draw();
  document.body.addEventListener("htmx:afterSettle", function (event) {
    draw();
    // After a filter or page change, tell screen-reader and keyboard users what is shown now.
    if (event.detail && event.detail.target && event.detail.target.id === "bang-dieu-hanh") {
      var scope = document.getElementById("pham-vi");
      if (scope) scope.focus({ preventScroll: true });
    }
  });
})();
