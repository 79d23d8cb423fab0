// 数据看板 and 提案/社情民意办理情况: draw the charts from the JSON the page carries, sort the ranking tables,
// drill down on click. A chart whose element the page does not have is skipped.
(function () {
  "use strict";
  const source = document.getElementById("dashboard-data");
  if (!source) return;
  const data = JSON.parse(source.textContent);
  const RED = "#b71c1c";
  const BLUE = "#1565c0";
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

  function percentText(value) {
    return value === null ? "—" : value + "%";
  }

  // One horizontal bar per org: `rate(row)` in % (null drawn as 0), `counts(row)` after it in the tooltip;
  // a click opens that org's own figures.
  function rateBars(id, rows, name, rate, counts) {
    chart(id, {
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: tooltip("item", function (p) {
        const row = rows[p.dataIndex];
        return [row.name, name + " " + percentText(rate(row)) + "（" + counts(row) + "）"];
      }),
      xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }),
               axisLabel: { width: 96, overflow: "truncate" } },
      series: [{ type: "bar", name: name, itemStyle: { color: RED }, cursor: "pointer",
                 data: rows.map(function (r) { return rate(r) === null ? 0 : rate(r); }) }],
    }, function (p) {
      const row = rows[p.dataIndex];
      if (row) window.location.href = row.url;
    });
  }

  // A ring of {name, value} slices (the empty ones left out), or `none` when there is nothing to draw.
  function pie(id, slices, name, none) {
    const shown = (slices || []).filter(function (c) { return c.value > 0; });
    chart(id, shown.length ? {
      tooltip: tooltip("item", function (p) { return [p.name + "：" + p.value + "（" + p.percent + "%）"]; }),
      legend: { type: "scroll", bottom: 0 },
      series: [{ type: "pie", name: name, radius: ["30%", "60%"], center: ["50%", "45%"],
                 label: { show: false }, data: shown }],
    } : empty(none));
  }

  rateBars("chart-completion", data.subOrgs || [], "完成率", function (r) { return r.completion; },
           function (r) { return r.accepted + "/" + r.total; });
  pie("chart-categories", data.categories, "问题类别", "暂无查摆问题");

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

  // 提案/社情民意: 满意率 per lead unit, the categories, and each month's items received and replies given.
  const units = data.units || [];
  if (units.length) {
    rateBars("chart-satisfaction", units, "满意率", function (r) { return r.satisfaction; },
             function (r) { return r.pleased + "/" + r.rated; });
  } else {
    chart("chart-satisfaction", empty("暂无主办单位"));
  }
  pie("chart-proposal-categories", data.proposalCategories, "类别", "暂无事项");
  const months = data.months || [];
  chart("chart-months", {
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: tooltip("axis", function (p) {
      const row = months[p.dataIndex];
      return [row.month, "收到 " + row.received + " 件", "答复 " + row.replied + " 件次"];
    }),
    xAxis: { type: "category", data: months.map(function (m) { return m.month; }) },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "line", name: "收到", itemStyle: { color: RED },
               data: months.map(function (m) { return m.received; }) },
             { type: "line", name: "答复", itemStyle: { color: BLUE },
               data: months.map(function (m) { return m.replied; }) }],
  });

  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });

  // The ranking tables (sub-orgs, a branch's members, the 年度考评's units) sort by any column: click a header;
  // click again to reverse.
  ["ranking", "member-ranking", "appraisal"].forEach(function (id) {
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

  // The 普遍性问题 card comes in its own request once the page is shown: if it fails (the server, the network),
  // say so rather than leave 「正在归类」 for good.
  const recurring = document.getElementById("recurring");
  if (recurring) {
    ["htmx:responseError", "htmx:sendError"].forEach(function (name) {
      recurring.addEventListener(name, function () {
        const waiting = document.getElementById("recurring-loading");
        if (waiting) {
          waiting.textContent = "普遍性问题暂时无法显示，请稍后刷新页面重试。";
          waiting.classList.replace("text-muted", "text-danger");
        }
      });
    });
  }
})();
