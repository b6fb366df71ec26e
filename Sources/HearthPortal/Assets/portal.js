// Hearth portal: plain JavaScript without a build step. Every handler is attached here; the pages
// have no inline scripts or event attributes (the Content-Security-Policy forbids them).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // The tenant switcher submits when a tenant is chosen.
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.submit());
  }

  // "Copy URL with key": copies the URL of the chosen key.
  for (const button of document.querySelectorAll("button[data-copy-url]")) {
    button.addEventListener("click", async () => {
      const select = button.parentElement.querySelector("select[data-copy-source]");
      if (!select) return;
      try {
        await navigator.clipboard.writeText(select.value);
        button.textContent = "Copied";
      } catch (error) {
        button.textContent = "Copy failed";
      }
    });
  }

  // Create app: the name is checked as you type.
  for (const input of document.querySelectorAll("input[data-check-name]")) {
    const result = input.form.querySelector("[data-name-check-result]");
    let pending;
    input.addEventListener("input", () => {
      clearTimeout(pending);
      pending = setTimeout(async () => {
        if (!input.value) { result.textContent = ""; return; }
        const asked = input.value;
        const response = await fetch("/apps/check-name?name=" + encodeURIComponent(asked));
        // An answer about a name since changed (a later check's answer came first) is not shown.
        if (!response.ok || input.value !== asked) return;
        const answer = await response.json();
        result.textContent = answer.valid === "true" ? "available" : answer.message;
        result.className = "name-check " + (answer.valid === "true" ? "valid" : "invalid");
      }, 250);
    });
  }

  // Code editor: CodeMirror 5 over the file's text area when the library was loaded (the page
  // includes it only when installed); the plain text area otherwise. Lines with problems are marked.
  for (const area of document.querySelectorAll("textarea[data-code-mode]")) {
    const problemLines = (area.dataset.problemLines || "").split(",").filter(Boolean).map(Number);
    if (area.hasAttribute("data-codemirror") && typeof window.CodeMirror === "function") {
      const mode = area.dataset.codeMode === "application/json" ? { name: "javascript", json: true } : area.dataset.codeMode || null;
      const editor = window.CodeMirror.fromTextArea(area, {
        mode, lineNumbers: true, indentUnit: 4, readOnly: area.readOnly, viewportMargin: Infinity,
      });
      for (const line of problemLines) editor.addLineClass(line - 1, "background", "code-problem-line");
      // A reader's text area is in no form (nothing to save).
      if (area.form) area.form.addEventListener("submit", () => editor.save());
      document.body.dataset.codeEditor = "codemirror";
    } else {
      document.body.dataset.codeEditor = "textarea";
    }
  }

  // Typed confirmation: the delete button is enabled only once the name is typed exactly.
  for (const input of document.querySelectorAll("input[data-confirm]")) {
    const button = input.form.querySelector("button[data-confirm-button]");
    const update = () => { button.disabled = input.value !== input.dataset.confirm; };
    input.addEventListener("input", update);
    update();
  }
  // Monitor: per-function charts (Chart.js, loaded only on this page) from the stats endpoint.
  // Without Chart.js, or when drawing fails, the hourly table stays.
  for (const holder of document.querySelectorAll("[data-monitor-chart]")) {
    drawMonitorCharts(holder);
  }

  // Monitor: the live view follows the app's invocations through Server-Sent Events.
  for (const section of document.querySelectorAll("[data-live-src]")) {
    followLiveInvocations(section);
  }
});

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.addEventListener("load", resolve);
    script.addEventListener("error", reject);
    document.head.appendChild(script);
  });
}

async function drawMonitorCharts(holder) {
  try {
    if (typeof window.Chart === "undefined") await loadScript(holder.dataset.chartLib);
    const response = await fetch(holder.dataset.src, { headers: { Accept: "application/json" } });
    if (!response.ok || typeof window.Chart === "undefined") return;
    const series = await response.json();
    const labels = series.hours.map((hour) => hour.slice(5, 16).replace("T", " "));
    // Each series' colour comes from portal.css (--chart-…): Chart.js gets none by itself.
    const style = window.getComputedStyle(holder);
    const colour = (name) => style.getPropertyValue(`--chart-${name}`).trim() || "#888";
    const bar = (name) => ({ backgroundColor: colour(name), borderColor: colour(name) });
    const line = (name) => ({ borderColor: colour(name), backgroundColor: colour(name), pointRadius: 2, borderWidth: 2 });
    for (const fn of series.functions) {
      const figure = document.createElement("figure");
      const caption = document.createElement("figcaption");
      caption.textContent = fn.name;
      const canvas = document.createElement("canvas");
      figure.append(caption, canvas);
      holder.appendChild(figure);
      new window.Chart(canvas, {
        data: {
          labels,
          datasets: [
            { type: "bar", label: "succeeded", data: fn.invocations.map((n, i) => n - fn.failures[i]), stack: "calls", yAxisID: "y", ...bar("succeeded") },
            { type: "bar", label: "failed", data: fn.failures, stack: "calls", yAxisID: "y", ...bar("failed") },
            { type: "line", label: "p50 ms", data: fn.p50, yAxisID: "ms", spanGaps: true, ...line("p50") },
            { type: "line", label: "p95 ms", data: fn.p95, yAxisID: "ms", spanGaps: true, ...line("p95") },
            { type: "line", label: "p99 ms", data: fn.p99, yAxisID: "ms", spanGaps: true, ...line("p99") },
          ],
        },
        options: {
          animation: false,
          scales: {
            y: { stacked: true, beginAtZero: true, title: { display: true, text: "invocations" } },
            ms: { position: "right", beginAtZero: true, title: { display: true, text: "ms" }, grid: { drawOnChartArea: false } },
          },
        },
      });
    }
    for (const table of document.querySelectorAll("[data-chart-fallback]")) table.hidden = true;
  } catch (error) {
    // The hourly table stays.
  }
}

function followLiveInvocations(section) {
  if (typeof window.EventSource === "undefined") return;
  const rows = section.querySelector("[data-live-rows]");
  const state = section.querySelector("[data-live-state]");
  const source = new EventSource(section.dataset.liveSrc);
  source.addEventListener("open", () => { state.textContent = "connected"; });
  source.addEventListener("error", () => { state.textContent = "reconnecting"; });
  source.addEventListener("invocation", (message) => {
    const invocation = JSON.parse(message.data);
    let row = rows.querySelector(`tr[data-invocation="${CSS.escape(invocation.id)}"]`);
    if (!row) {
      row = document.createElement("tr");
      row.dataset.invocation = invocation.id;
      rows.prepend(row);
    }
    row.className = invocation.failed ? "failed" : "";
    row.replaceChildren();
    const link = document.createElement("a");
    link.href = `/apps/${encodeURIComponent(section.dataset.app)}/monitor/invocations/${invocation.id}`;
    link.textContent = invocation.startedAt;
    const first = document.createElement("td");
    first.appendChild(link);
    row.appendChild(first);
    for (const text of [invocation.function, invocation.trigger, invocation.status, invocation.duration, invocation.error]) {
      const cell = document.createElement("td");
      cell.textContent = text;
      row.appendChild(cell);
    }
    let logs = row.nextElementSibling;
    if (logs && logs.dataset.logsOf === invocation.id) logs.remove();
    if (invocation.logs.length > 0) {
      logs = document.createElement("tr");
      logs.className = "log";
      logs.dataset.logsOf = invocation.id;
      const cell = document.createElement("td");
      cell.colSpan = 6;
      const pre = document.createElement("pre");
      pre.textContent = invocation.logs.join("\n");
      cell.appendChild(pre);
      logs.appendChild(cell);
      row.after(logs);
    }
  });
}
