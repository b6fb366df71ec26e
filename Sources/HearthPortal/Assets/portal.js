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
        const response = await fetch("/apps/check-name?name=" + encodeURIComponent(input.value));
        if (!response.ok) return;
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
      area.form.addEventListener("submit", () => editor.save());
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
});
