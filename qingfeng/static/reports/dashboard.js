// 数据看板: draws the charts from the JSON the page carries, sorts the ranking table, drills down on click.
(function () {
  "use strict";
  const source = document.getElementById("dashboard-data");
  if (!source) return;
  const data = JSON.parse(source.textContent);
  const RED = "#b71c1c";
  const charts = [];

  // A tooltip is DOM nodes filled through textContent, never an HTML string: an org named
  // `"><img src=x onerror=...>` stays text, and ECharts' default markers (HTML with style
  // attributes) never reach innerHTML, which the Content-Security-Policy would refuse.
  function tooltipText(lines) {
    const box = document.createElement("div");
    lines.forEach(function (line) {
      const row = document.createElement("div");
      row.textContent = line;
      box.appendChild(row);
    });
    return box;
  }

  function tooltip(trigger, lines) {
    return { trigger: trigger, formatter: function (p) { return tooltipText(lines(Array.isArray(p) ? p[0] : p)); } };
  }

  function chart(id, option, onClick) {
    const element = document.getElementById(id);
    if (!element || typeof echarts === "undefined") return;
    const instance = echarts.init(element, null, { renderer: "canvas" });
    // Every chart states its tooltip; one left out shows none rather than ECharts' HTML default.
    instance.setOption(Object.assign({ animation: false, tooltip: { show: false } }, option));
    if (onClick) instance.on("click", onClick);
    charts.push(instance);
  }

  function empty(text) {
    return { title: { text: text, left: "center", top: "middle", textStyle: { color: "#6c757d", fontSize: 13 } } };
  }

  const subOrgs = data.subOrgs || [];
  chart("chart-completion", {
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: tooltip("item", function (p) {
      const row = subOrgs[p.dataIndex];
      return [row.name, "完成率 " + (row.completion === null ? "—" : row.completion + "%") +
        "（" + row.accepted + "/" + row.total + "）"];
    }),
    xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", inverse: true, data: subOrgs.map(function (r) { return r.name; }),
             axisLabel: { width: 96, overflow: "truncate" } },
    series: [{ type: "bar", name: "整改完成率", itemStyle: { color: RED }, cursor: "pointer",
               data: subOrgs.map(function (r) { return r.completion === null ? 0 : r.completion; }) }],
  }, function (p) {
    const row = subOrgs[p.dataIndex];
    if (row) window.location.href = row.url;
  });

  const categories = (data.categories || []).filter(function (c) { return c.value > 0; });
  chart("chart-categories", categories.length ? {
    tooltip: tooltip("item", function (p) { return [p.name + "：" + p.value + "（" + p.percent + "%）"]; }),
    legend: { type: "scroll", bottom: 0 },
    series: [{ type: "pie", name: "问题类别", radius: ["30%", "60%"], center: ["50%", "45%"],
               label: { show: false }, data: categories }],
  } : empty("暂无查摆问题"));

  const dimensions = data.dimensions || [];
  chart("chart-dimensions", {
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: tooltip("item", function (p) { return [p.name + "：" + p.value + " 个问题"]; }),
    xAxis: { type: "category", data: dimensions.map(function (d) { return d.name; }),
             axisLabel: { interval: 0, rotate: dimensions.length > 4 ? 30 : 0 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", name: "问题数", itemStyle: { color: RED },
               data: dimensions.map(function (d) { return d.value; }) }],
  });

  const weeks = data.weeks || [];
  chart("chart-weeks", {
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: tooltip("axis", function (p) { return [p.name + " 起一周：销号 " + p.value + " 项"]; }),
    xAxis: { type: "category", data: weeks.map(function (w) { return w.week; }) },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "line", name: "销号数", itemStyle: { color: RED },
               data: weeks.map(function (w) { return w.value; }) }],
  });

  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });

  // The ranking tables (sub-orgs, or a branch's members) sort by any column: click a header; click again to reverse.
  ["ranking", "member-ranking"].forEach(function (id) {
    const table = document.getElementById(id);
    if (!table) return;
    table.querySelectorAll("thead button[data-sort]").forEach(function (button) {
      button.addEventListener("click", function () {
        const column = button.closest("th").cellIndex;
        const numeric = button.dataset.sort === "number";
        // First click: numbers high to low, names A to Z; a second click reverses.
        const current = button.getAttribute("aria-sort");
        const descending = current ? current === "ascending" : numeric;
        table.querySelectorAll("thead button[data-sort]").forEach(function (b) { b.removeAttribute("aria-sort"); });
        button.setAttribute("aria-sort", descending ? "descending" : "ascending");
        const body = table.tBodies[0];
        const rows = Array.from(body.rows);
        rows.sort(function (a, b) {
          const x = a.cells[column].dataset.value;
          const y = b.cells[column].dataset.value;
          const order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, "zh-CN");
          return descending ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
