"use strict";
// newsedit's HTML report. Data arrives as JSON (never as markup); every text goes in with textContent.
(function () {
  const SEV = ["info", "warning", "error"];
  const PAGE = 200; // table rows drawn at a time
  const SVGNS = "http://www.w3.org/2000/svg";
  const $ = (id) => document.getElementById(id);
  const articles = JSON.parse($("articles").textContent);
  const run = JSON.parse($("run").textContent);
  const S = run.strings;
  // Article rows: [path, headline, grade, [errors, warnings, info], findings, summary, notices, errors].
  const A = { path: 0, headline: 1, grade: 2, counts: 3, findings: 4, summary: 5, notices: 6, errors: 7 };
  // Finding rows: [rule, severity, line, column, message, before, text, after, suggestions, fix].
  const F = { rule: 0, sev: 1, line: 2, col: 3, msg: 4, before: 5, text: 6, after: 7, fixes: 8, fix: 9 };
  const state = { severity: "", rule: "", grade: null, path: "", sort: "worst", desc: true, limit: PAGE, open: new Set() };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child); // strings become text nodes
    return node;
  }

  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVGNS, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const plural = (n, word) => `${n.toLocaleString("en")} ${word}${n === 1 || word === "info" ? "" : "s"}`;
  const worst = (a) => (a[A.counts][0] || a[A.errors].length ? 2 : a[A.counts][1] ? 1 : a[A.counts][2] ? 0 : -1);
  const score = (a) => [a[A.counts][0] + a[A.errors].length, a[A.counts][1], a[A.counts][2]];

  function verdict() {
    const t = run.totals;
    const failOn = SEV.indexOf(run.fail_on);
    const blocking = SEV.slice(failOn).reduce((n, s) => n + t[s], 0);
    const blockedArticles = articles.filter((a) => a[A.counts].slice(0, 3 - failOn).some((n) => n > 0)).length;
    const header = $("verdict");
    let title, line;
    if (run.interrupted) {
      header.classList.add("partial");
      title = "Interrupted: a partial report";
      line = `Only the ${plural(t.articles, "article")} checked before the run was stopped are reported.`;
    } else if (blocking) {
      header.classList.add("fail");
      title = `Blocked: ${plural(blocking, failOn === 2 ? "error" : "finding")} in ${plural(blockedArticles, "article")}`;
      line = `${plural(t.articles, "article")} checked; anything at or above ${run.fail_on} blocks publication.`;
    } else if (run.unchecked) {
      header.classList.add("partial");
      title = `Not fully checked: ${run.unchecked} could not be checked`;
      line = `${plural(t.articles, "article")} checked; no findings at or above ${run.fail_on}.`;
    } else {
      title = t.findings ? `Ready: no ${run.fail_on}s` : "Ready: no findings";
      line = `${plural(t.articles, "article")} checked; nothing at or above ${run.fail_on}.`;
    }
    if (run.unchecked && (blocking || run.interrupted)) line += ` ${run.unchecked} could not be checked.`;
    const below = SEV.slice(0, failOn).reverse().filter((s) => t[s]).map((s) => plural(t[s], s));
    if (below.length) line += ` To review: ${below.join(" and ")}.`;
    const skipped = ["grammar", "dupes", "readability", "summary"].filter((c) => !run.checks.includes(c));
    if (skipped.length && run.checks.length) line += ` Not run: ${skipped.join(", ")}.`;
    $("verdict-title").textContent = title;
    $("verdict-line").textContent = line;
    for (const s of ["error", "warning", "info"]) {
      $("tiles").append(el("div", { class: `tile ${s}` }, el("b", { text: t[s].toLocaleString("en") }), plural(t[s], s).replace(/^[\d,]+ /, "")));
    }
    $("tiles").append(el("div", { class: "tile" }, el("b", { text: t.articles.toLocaleString("en") }), t.articles === 1 ? "article" : "articles"));
    document.title = `${title} · newsedit`;
    $("footer").textContent = `newsedit ${run.tool.version} · checks: ${run.checks.join(", ") || "none"}`;
  }

  function blocking() {
    const failOn = SEV.indexOf(run.fail_on);
    const order = articles.map((a, i) => i).filter((i) => articles[i][A.errors].length || articles[i][A.findings].some((f) => f[F.sev] >= failOn));
    if (!order.length) return;
    state.sort = "worst";
    order.sort(compare);
    const lines = [];
    for (const i of order) {
      const a = articles[i];
      for (const error of a[A.errors]) lines.push(blocker(i, null, `not checked: ${error}`));
      for (const f of a[A.findings]) if (f[F.sev] >= failOn) lines.push(blocker(i, f));
    }
    const first = 10;
    const table = el("table", { class: "blockers" }, el("thead", {}, el("tr", {},
      el("th", { text: "Article" }), el("th", { class: "num", text: "Line" }), el("th", { text: "Problem" }), el("th", { text: "Fix" }))));
    const body = el("tbody", {}, ...lines.slice(0, first));
    table.append(body);
    $("blocking").append(table);
    if (lines.length > first) {
      const more = el("button", { type: "button", id: "blocking-more", text: `Show all ${lines.length}` });
      more.addEventListener("click", () => { more.remove(); body.append(...lines.slice(first)); });
      $("blocking").append(more);
    }
    const what = failOn === 2 ? "error" : "finding";
    $("blocking-title").textContent = `What blocks publication: ${plural(lines.length, what)} in ${plural(order.length, "article")}`;
    $("blocking-card").hidden = false;
  }

  // One line of the blocking list: where, what (with the marked text) and the suggested fix.
  function blocker(i, f, text) {
    const a = articles[i];
    const open = el("button", { type: "button", class: "path", text: a[A.path] });
    open.addEventListener("click", () => showArticle(i));
    const where = el("td", {}, open, a[A.headline] ? el("span", { class: "headline", text: a[A.headline] }) : "");
    if (!f) return el("tr", {}, where, el("td", {}), el("td", { text }), el("td", {}));
    const problem = el("td", {}, el("div", { text: S[f[F.msg]] }),
      el("div", { class: "ctx" }, f[F.before], el("mark", { text: f[F.text] || "\u2423" }), f[F.after]));
    return el("tr", { class: SEV[f[F.sev]] }, where, el("td", { class: "num", text: String(f[F.line]) }), problem, el("td", {}, fixNote(f)));
  }

  function rulesChart() {
    const rules = Object.entries(run.rules).sort((x, y) => y[1][1] - x[1][1] || y[1][0] - x[1][0] || (x[0] < y[0] ? -1 : 1));
    const box = $("rules-chart");
    if (!rules.length) { box.append(el("p", { class: "hint", text: "No findings." })); return; }
    const top = rules.slice(0, 14);
    const max = top[0][1][1];
    const rowH = 24, labelW = 280, width = 660, barW = width - labelW - 50;
    const chart = svg("svg", { viewBox: `0 0 ${width} ${top.length * rowH + 6}`, role: "img", "aria-label": "Findings by rule" });
    top.forEach(([rule, [sev, count]], i) => {
      const g = svg("g", { class: "bar", tabindex: 0, "data-rule": rule });
      const y = i * rowH + 3;
      const label = rule.length > 38 ? rule.slice(0, 37) + "…" : rule;
      g.append(svg("title", {}, `${rule}: ${count} (${SEV[sev]})`));
      g.append(svg("text", { x: labelW - 8, y: y + 15, "text-anchor": "end", class: "label" }, label));
      g.append(svg("rect", { x: labelW, y, width: Math.max(2, (barW * count) / max), height: rowH - 6, rx: 2, fill: `var(--${SEV[sev]})` }));
      g.append(svg("text", { x: labelW + Math.max(2, (barW * count) / max) + 6, y: y + 15 }, count.toLocaleString("en")));
      g.addEventListener("click", () => chooseRule(rule));
      g.addEventListener("keydown", (e) => { if (e.key === "Enter") chooseRule(rule); });
      chart.append(g);
    });
    box.append(chart);
    if (rules.length > top.length) {
      const rest = rules.slice(top.length).reduce((n, r) => n + r[1][1], 0);
      box.append(el("p", { class: "hint", text: `and ${rules.length - top.length} more rules with ${rest.toLocaleString("en")} findings (all in the Rule filter below)` }));
    }
    const select = $("f-rule");
    for (const [rule, [sev, count, n]] of rules) select.append(el("option", { value: rule, text: `${rule} (${count})` }));
  }

  function chooseRule(rule) {
    const [sev, count, n, why] = run.rules[rule];
    const box = $("rule-explain");
    box.replaceChildren(
      el("div", {}, el("code", { text: rule }), " ", el("span", { class: `sev ${SEV[sev]}`, text: SEV[sev] }),
        ` ${plural(count, "finding")} in ${plural(n, "article")}`),
      el("div", { text: why || "No explanation recorded for this rule." }),
      el("div", { class: "hint", text: `More: newsedit rules --explain ${rule}` }),
    );
    box.hidden = false;
    $("f-rule").value = rule;
    state.rule = rule;
    refresh();
  }

  // The axis top: four gridlines at round steps (1, 2 or 5 times a power of ten, never under `least`).
  function niceTop(value, least) {
    const raw = Math.max(least, value / 4);
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((m) => m * power).find((m) => m >= raw - 1e-9);
    return step * 4;
  }

  function gradesChart() {
    const g = run.grades;
    const box = $("grades-chart");
    if (!g.batch.length) { box.append(el("p", { class: "hint", text: "No readability scores in this run." })); return; }
    const target = g.target;
    const all = g.batch.concat(g.archive);
    const least = all.reduce((m, v) => Math.min(m, v), target ?? Infinity), most = all.reduce((m, v) => Math.max(m, v), target ?? 0);
    const lo = Math.max(0, Math.min(Math.floor(least) - 1, 14));
    const hi = Math.min(24, Math.max(lo + 10, Math.ceil(most) + 1));
    const bins = (values) => {
      const out = new Array(hi - lo + 1).fill(0);
      for (const v of values) out[Math.max(0, Math.min(hi, Math.floor(v)) - lo)] += 1;
      // Beside the archive, shares of each; alone, the batch's own counts.
      return g.archive.length ? out.map((n) => n / Math.max(1, values.length)) : out;
    };
    const batch = bins(g.batch), archive = g.archive.length ? bins(g.archive) : null;
    const tick = (v) => (archive ? `${Math.round(v * 100)}%` : String(Math.round(v)));
    const width = 480, height = 240, left = 34, bottom = 36, top = 16;
    const plotW = width - left - 10, plotH = height - bottom - top, step = plotW / (hi - lo + 1);
    const top4 = Math.max(...batch, ...(archive || [0]));
    const max = niceTop(top4, archive ? 0.01 : 1);
    const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Articles by grade" });
    for (let k = 0; k <= 4; k++) {
      const y = top + plotH - (plotH * k) / 4;
      chart.append(svg("line", { x1: left, x2: width - 10, y1: y, y2: y, stroke: "#eef0f4" }));
      chart.append(svg("text", { x: left - 4, y: y + 4, "text-anchor": "end", class: "axis" }, tick((max * k) / 4)));
    }
    batch.forEach((share, k) => {
      const i = k + lo;
      const w = archive ? step * 0.45 : step * 0.85;
      const h = (plotH * share) / max;
      const over = target !== null && i >= target;
      const bar = svg("rect", { class: "grade-bar", x: left + k * step + step * 0.07, y: top + plotH - h, width: w, height: h, fill: over ? "#e57373" : "#5c8fd6" });
      const n = archive ? Math.round(share * g.batch.length) : share;
      bar.append(svg("title", {}, `grade ${i}${i === hi ? "+" : ""}: ${plural(n, "article")}`));
      chart.append(bar);
      if (archive) {
        const ah = (plotH * archive[k]) / max;
        chart.append(svg("rect", { class: "archive-bar", x: left + k * step + step * 0.52, y: top + plotH - ah, width: w, height: ah, fill: "#b0b7c3" }));
      }
      if (i % 2 === 0) chart.append(svg("text", { x: left + k * step + step / 2, y: height - 18, "text-anchor": "middle", class: "axis" }, i === hi ? `${i}+` : String(i)));
    });
    const axis = `grade (years of school needed to read it); bars: ${archive ? "share of" : "number of"} articles`;
    chart.append(svg("text", { x: left + plotW / 2, y: height - 4, "text-anchor": "middle", class: "axis" }, axis));
    if (target !== null) {
      const x = left + (Math.min(target, hi + 1) - lo) * step;
      chart.append(svg("line", { class: "target", x1: x, x2: x, y1: top - 6, y2: top + plotH }));
      chart.append(svg("text", { class: "target-label", x: x + 4, y: top + 2 }, `house target: ${target}`));
    }
    box.append(chart);
    if (archive) box.append(el("p", { class: "hint" }, el("b", { text: "■ ", style: "color:#5c8fd6" }), "this batch  ", el("b", { text: "■ ", style: "color:#b0b7c3" }), `the archive (${g.archive.length.toLocaleString("en")} articles)`));
    const sorted = [...g.batch].sort((x, y) => x - y);
    const median = sorted[Math.floor(sorted.length / 2)];
    const within = target === null ? null : g.batch.filter((v) => v <= target).length;
    $("grades-hint").textContent = `Median grade ${median.toFixed(1)}` +
      (within === null ? "." : `; ${Math.round((100 * within) / g.batch.length)}% of ${plural(g.batch.length, "article")} at or under the house target of ${target}.`);
  }

  function duplicates() {
    const box = $("dupes");
    const groups = run.clusters.length + run.archived.length;
    $("dupes-hint").textContent = groups
      ? `${plural(run.clusters.length, "group")} of articles in this run that repeat each other; ${plural(run.archived.length, "archived article")} matched.`
      : "No duplicates across the run or against the archive.";
    const cards = [];
    for (const g of run.archived) {
      cards.push(el("div", { class: "group archived" }, el("h3", { text: "Already published" }),
        el("div", { class: "date", text: g.archived }), memberList(g.members)));
    }
    for (const c of run.clusters) {
      const title = c.rules.map((r) => r.replace("dupes/batch-", "same ").replace("dupes/same-story", "same story")).join(", ");
      cards.push(el("div", { class: "group cluster" }, el("h3", { text: `${c.members.length} articles: ${title}` }), memberList(c.members)));
    }
    const first = 6;
    box.append(...cards.slice(0, first));
    if (cards.length > first) {
      const more = el("button", { type: "button", id: "dupes-more", text: `Show all ${cards.length} groups` });
      more.addEventListener("click", () => { more.remove(); box.append(...cards.slice(first)); });
      $("dupes-card").append(more);
    }
  }

  function memberList(members) {
    const list = el("ul", {});
    for (const i of members.slice(0, 8)) {
      const a = articles[i];
      const button = el("button", { type: "button", text: a[A.path] });
      button.addEventListener("click", () => showArticle(i));
      list.append(el("li", {}, button, a[A.headline] ? el("span", { class: "headline", text: a[A.headline] }) : ""));
    }
    if (members.length > 8) list.append(el("li", { class: "hint", text: `and ${members.length - 8} more` }));
    return list;
  }

  function showArticle(i) {
    state.severity = ""; state.rule = ""; state.grade = null; state.path = articles[i][A.path];
    $("f-severity").value = ""; $("f-rule").value = ""; $("f-grade").value = ""; $("f-path").value = state.path;
    state.open.add(i);
    refresh();
    $("articles-card").scrollIntoView();
  }

  function problems() {
    if (!run.problems.length && !run.notices.length) return;
    $("problems-card").hidden = false;
    for (const [path, message] of run.problems) $("problems").append(el("li", {}, el("span", { class: "path", text: path }), `: ${message}`));
    for (const notice of run.notices) $("problems").append(el("li", { class: "hint", text: notice }));
  }

  function matches(a) {
    const c = a[A.counts];
    if (state.severity === "error" && !(c[0] || a[A.errors].length)) return false;
    if (state.severity === "warning" && !c[1]) return false;
    if (state.severity === "info" && !c[2]) return false;
    if (state.severity === "clean" && (c[0] || c[1] || c[2])) return false;
    if (state.grade !== null && !(a[A.grade] !== null && a[A.grade] >= state.grade)) return false;
    if (state.rule && !a[A.findings].some((f) => S[f[F.rule]] === state.rule)) return false;
    if (state.path) {
      const needle = state.path.toLowerCase();
      if (!a[A.path].toLowerCase().includes(needle) && !(a[A.headline] || "").toLowerCase().includes(needle)) return false;
    }
    return true;
  }

  function compare(x, y) {
    const a = articles[x], b = articles[y];
    let d = 0;
    if (state.sort === "worst") {
      const sa = score(a), sb = score(b);
      d = sa[0] - sb[0] || sa[1] - sb[1] || sa[2] - sb[2];
    } else if (state.sort === "path") d = a[A.path] < b[A.path] ? -1 : a[A.path] > b[A.path] ? 1 : 0;
    else if (state.sort === "grade") d = (a[A.grade] ?? -1) - (b[A.grade] ?? -1);
    else d = a[A.counts]["ewi".indexOf(state.sort)] - b[A.counts]["ewi".indexOf(state.sort)];
    if (state.desc) d = -d;
    return d || (a[A.path] < b[A.path] ? -1 : 1);
  }

  function refresh() {
    const chosen = [];
    for (let i = 0; i < articles.length; i++) if (matches(articles[i])) chosen.push(i);
    chosen.sort(compare);
    const body = $("rows");
    body.replaceChildren();
    for (const i of chosen.slice(0, state.limit)) {
      body.append(row(i));
      if (state.open.has(i)) body.append(details(i));
    }
    $("shown-count").textContent = chosen.length === articles.length
      ? `(${plural(articles.length, "article")}, worst first)` : `(${chosen.length.toLocaleString("en")} of ${plural(articles.length, "article")})`;
    const more = $("more");
    more.hidden = chosen.length <= state.limit;
    more.textContent = `Show ${Math.min(PAGE, chosen.length - state.limit)} more of ${(chosen.length - state.limit).toLocaleString("en")}`;
    for (const th of document.querySelectorAll("th[data-sort]")) {
      th.classList.toggle("asc", th.dataset.sort === state.sort && !state.desc);
      th.classList.toggle("desc", th.dataset.sort === state.sort && state.desc);
    }
  }

  function row(i) {
    const a = articles[i];
    const w = worst(a);
    const count = (n) => el("td", { class: n ? "num" : "num zero", text: String(n) });
    const target = run.grades.target;
    const grade = a[A.grade] === null ? "" : a[A.grade].toFixed(1);
    const tally = {};
    for (const f of a[A.findings]) tally[S[f[F.rule]]] = (tally[S[f[F.rule]]] || 0) + 1;
    const chips = Object.entries(tally).sort((x, y) => y[1] - x[1]).slice(0, 3).map(([r, n]) => el("span", { class: "rule-chip", text: n > 1 ? `${r} ×${n}` : r }));
    const tr = el("tr", { class: state.open.has(i) ? "article open" : "article", "data-index": i },
      el("td", { class: "num" }, el("span", { class: `sev ${w < 0 ? "clean" : SEV[w]}`, text: w < 0 ? "clean" : SEV[w] })),
      el("td", {}, el("span", { class: "path", text: a[A.path] }), a[A.headline] ? el("span", { class: "headline", text: a[A.headline] }) : ""),
      count(a[A.counts][0] + a[A.errors].length), count(a[A.counts][1]), count(a[A.counts][2]),
      el("td", { class: target !== null && a[A.grade] > target ? "num over" : "num", text: grade }),
      el("td", {}, ...chips));
    tr.addEventListener("click", () => { // only this row changes: the table is not drawn again
      if (state.open.has(i)) {
        state.open.delete(i);
        tr.classList.remove("open");
        if (tr.nextSibling && tr.nextSibling.classList.contains("details-row")) tr.nextSibling.remove();
      } else {
        state.open.add(i);
        tr.classList.add("open");
        tr.after(details(i));
      }
    });
    return tr;
  }

  function details(i) {
    const a = articles[i];
    const cell = el("td", { class: "details", colspan: 7 });
    for (const error of a[A.errors]) cell.append(el("div", { class: "finding error" }, el("b", { text: "Not checked: " }), error));
    for (const f of a[A.findings]) cell.append(finding(f));
    if (!a[A.findings].length && !a[A.errors].length) cell.append(el("p", { class: "hint", text: "No findings." }));
    if (a[A.summary]) {
      const [text, kind] = a[A.summary];
      cell.append(el("div", { class: "summary" }, el("b", { text: kind === "extractive" ? "Summary (extractive: sentences picked from the article)" : "Summary" }), el("div", { text })));
    }
    for (const notice of a[A.notices]) cell.append(el("p", { class: "hint", text: notice }));
    return el("tr", { class: "details-row" }, cell);
  }

  function finding(f) {
    const sev = SEV[f[F.sev]];
    const ctx = el("div", { class: "ctx" }, f[F.before], el("mark", { text: f[F.text] || "\u2423" }), f[F.after]);
    const box = el("div", { class: `finding ${sev}` },
      el("div", { class: "where" }, el("span", { class: `sev ${sev}`, text: sev }), ` line ${f[F.line]}, column ${f[F.col]} · `, el("code", { text: S[f[F.rule]] })),
      el("div", { class: "msg", text: S[f[F.msg]] }), ctx);
    if (f[F.fixes].length) box.append(el("div", { class: "fix" }, fixNote(f)));
    return box;
  }

  function fixNote(f) {
    if (!f[F.fixes].length) return el("span", { class: "hint", text: "no suggestion" });
    const shown = f[F.fixes].map((r) => (r === "" ? "delete it" : `“${r}”`)).join(" or ");
    const how = f[F.fix] === 1 ? el("span", { class: "safe", text: "safe: newsedit fix applies it" })
      : el("span", { class: "unsafe", text: "unsafe: only with --unsafe-fixes; check it first" });
    return el("span", {}, `${shown} · `, how);
  }

  function controls() {
    $("f-severity").addEventListener("change", (e) => { state.severity = e.target.value; state.limit = PAGE; refresh(); });
    $("f-rule").addEventListener("change", (e) => { state.rule = e.target.value; state.limit = PAGE; refresh(); });
    $("f-grade").addEventListener("input", (e) => { state.grade = e.target.value === "" ? null : Number(e.target.value); state.limit = PAGE; refresh(); });
    $("f-path").addEventListener("input", (e) => { state.path = e.target.value.trim(); state.limit = PAGE; refresh(); });
    $("filters").addEventListener("submit", (e) => e.preventDefault());
    $("filters").addEventListener("reset", () => {
      Object.assign(state, { severity: "", rule: "", grade: null, path: "", limit: PAGE });
      $("rule-explain").hidden = true;
      setTimeout(refresh);
    });
    $("more").addEventListener("click", () => { state.limit += PAGE; refresh(); });
    for (const th of document.querySelectorAll("th[data-sort]")) {
      th.addEventListener("click", () => {
        const key = th.dataset.sort;
        state.desc = state.sort === key ? !state.desc : key !== "path";
        state.sort = key;
        refresh();
      });
    }
  }

  verdict();
  blocking();
  rulesChart();
  gradesChart();
  duplicates();
  problems();
  controls();
  refresh();
  document.body.dataset.ready = "1";
})();
