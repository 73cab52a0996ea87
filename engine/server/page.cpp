// The web app's only page: no external assets, vanilla JS inline. The report
// arrives as HTML from POST /api/validate?format=html and is shown in a
// sandboxed iframe (no scripts may run in it).
#include "server/api.hpp"

namespace budgetcheck::server {

const std::string& app_page() {
    static const std::string page = R"html(<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>budgetcheck – kontrollera ett budgetunderlag</title>
<style>
*{box-sizing:border-box}
body{font-family:"Segoe UI",Arial,Helvetica,sans-serif;margin:0;color:#1a1a1a;background:#f4f6f8}
header{background:#14324a;color:#fff;padding:.8rem 1.25rem}
header h1{margin:0;font-size:1.4rem}
header p{margin:.2rem 0 0;color:#dfe8f0}
main{max-width:64rem;margin:0 auto;padding:1rem 1.25rem}
.controls{display:flex;flex-wrap:wrap;gap:1rem;align-items:end;margin:.5rem 0 1rem}
label{font-weight:600;display:block;margin-bottom:.2rem}
select,input[type=file]{font-size:1rem}
#drop{border:3px dashed #1f5f99;border-radius:8px;background:#fff;padding:2rem 1rem;text-align:center;font-size:1.1rem;cursor:pointer}
#drop.over{background:#e8f1f8;border-style:solid}
#drop:focus{outline:3px solid #b35806;outline-offset:2px}
#status{min-height:1.6rem;margin:.8rem 0;font-weight:600}
#status.error{color:#8c0019}
#status.pass{color:#1b6e20}
#status.fail{color:#8c0019}
#report{width:100%;border:1px solid #c8c8c8;background:#fff;min-height:24rem;display:none}
.hint{color:#444;font-size:.9rem}
</style>
</head>
<body>
<header><h1 id="title">budgetcheck</h1><p id="subtitle">Kontrollera en nämnds budgetunderlag mot KF:s beslut. Filen lämnar inte datorn: den kontrolleras av budgetcheck på den här datorn och sparas inte.</p></header>
<main>
<div class="controls">
  <div><label for="lang" id="lang-label">Språk</label>
    <select id="lang"><option value="sv">svenska</option><option value="en">English</option></select></div>
  <div><label for="policy" id="policy-label">Policypaket</label>
    <select id="policy"><option value="" id="policy-auto">automatiskt (kommun och KF-datum)</option></select></div>
  <div><label for="file" id="file-label">Välj underlag (JSON eller Excel)</label>
    <input type="file" id="file" accept=".json,.xlsx,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"></div>
</div>
<p class="hint" id="template-row"><label for="org" id="org-label">Excel-mall för organisation (id, t.ex. vss)</label>
  <input id="org" size="24"> <a id="template" href="/api/template">Hämta mallen (välj policypaket)</a></p>
<div id="drop" tabindex="0" role="button" aria-describedby="drop-hint">Släpp en JSON-fil här, eller klicka för att välja</div>
<p class="hint" id="drop-hint">Rapporten visas nedan. Den kan sparas som en fristående HTML-fil eller skrivas ut.</p>
<div id="status" role="status" aria-live="polite"></div>
<iframe id="report" title="Rapport" sandbox="allow-same-origin"></iframe>
</main>
<script>
(function () {
  "use strict";
  var text = {
    sv: {subtitle: "Kontrollera en nämnds budgetunderlag mot KF:s beslut. Filen lämnar inte datorn: den kontrolleras av budgetcheck på den här datorn och sparas inte.",
         lang: "Språk", policy: "Policypaket", auto: "automatiskt (kommun och KF-datum)", file: "Välj underlag (JSON eller Excel)",
         drop: "Släpp en JSON-fil här, eller klicka för att välja", hint: "Rapporten visas nedan. Den kan sparas som en fristående HTML-fil eller skrivas ut.",
         checking: "Kontrollerar ", pass: "Godkänd: ", fail: "Underkänd: ", failed: "Kunde inte kontrollera filen: ", report: "Rapport",
         line: "rad", column: "kolumn", network: "Servern svarar inte: ",
         org: "Excel-mall för organisation (id, t.ex. vss)", template: "Hämta mallen (välj policypaket)"},
    en: {subtitle: "Check a board's budget submission against the KF decision. The file does not leave this computer: budgetcheck checks it here and does not store it.",
         lang: "Language", policy: "Policy pack", auto: "automatic (municipality and KF date)", file: "Choose a submission (JSON or Excel)",
         drop: "Drop a JSON file here, or click to choose one", hint: "The report appears below. It can be saved as a self-contained HTML file or printed.",
         checking: "Checking ", pass: "Passes: ", fail: "Fails: ", failed: "Could not check the file: ", report: "Report",
         line: "line", column: "column", network: "The server does not answer: ",
         org: "Excel template for organisation (id, e.g. vss)", template: "Download the template (choose a policy pack)"}
  };
  var $ = function (id) { return document.getElementById(id); };
  var lastFile = null;
  function t() { return text[$("lang").value] || text.sv; }
  function relabel() {
    var s = t();
    document.documentElement.lang = $("lang").value;
    $("subtitle").textContent = s.subtitle; $("lang-label").textContent = s.lang;
    $("policy-label").textContent = s.policy; $("policy-auto").textContent = s.auto;
    $("file-label").textContent = s.file; $("drop").textContent = s.drop; $("drop-hint").textContent = s.hint;
    $("report").title = s.report; $("org-label").textContent = s.org; $("template").textContent = s.template;
  }
  function status(message, kind) { var el = $("status"); el.textContent = message; el.className = kind || ""; }
  function check(file) {
    if (!file) return;
    lastFile = file;
    status(t().checking + file.name + " …");
    // A workbook goes as bytes; the server imports it (docs/excel.md).
    var workbook = /\.xlsx$/i.test(file.name);
    (workbook ? file.arrayBuffer() : file.text()).then(function (body) {
      var query = "format=html&lang=" + encodeURIComponent($("lang").value) + "&name=" + encodeURIComponent(file.name);
      if ($("policy").value) query += "&policy=" + encodeURIComponent($("policy").value);
      return fetch("/api/validate?" + query, {method: "POST", headers: {"Content-Type": workbook
        ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "application/json"}, body: body});
    }).then(function (response) {
      if (response.ok) {
        var passed = response.headers.get("X-Budgetcheck-Passed") === "true";
        return response.text().then(function (html) {
          var frame = $("report");
          frame.style.display = "block";
          frame.srcdoc = html;
          var verdict = /<p class="verdict[^>]*>([\s\S]*?)<\/p>/.exec(html);
          var summary = verdict ? verdict[1].replace(/<[^>]*>/g, "") : "";
          status((passed ? "" : "") + file.name + ": " + summary.replace(/&amp;/g, "&"), passed ? "pass" : "fail");
        });
      }
      return response.json().then(function (body) {
        var e = body && body.error ? body.error : {message: response.statusText};
        var where = e.line ? " (" + t().line + " " + e.line + ", " + t().column + " " + e.column + ")" : "";
        status(t().failed + e.message + where + " [" + (e.code || response.status) + "]", "error");
        $("report").style.display = "none";
      }, function () { status(t().failed + "HTTP " + response.status, "error"); });
    }).catch(function (err) { status(t().network + err, "error"); });
  }
  $("report").addEventListener("load", function () {
    var frame = $("report");
    try { frame.style.height = (frame.contentDocument.documentElement.scrollHeight + 20) + "px"; } catch (e) { /* ignore */ }
  });
  // The Excel template of the chosen pack and organisation (GET /api/template).
  function templateLink() {
    $("template").href = "/api/template?policy=" + encodeURIComponent($("policy").value) +
      "&organisation=" + encodeURIComponent($("org").value.trim()) + "&lang=" + encodeURIComponent($("lang").value);
  }
  $("org").addEventListener("input", templateLink);
  $("policy").addEventListener("change", templateLink);
  $("file").addEventListener("change", function (e) { check(e.target.files[0]); });
  $("lang").addEventListener("change", function () { relabel(); if (lastFile) check(lastFile); });
  $("policy").addEventListener("change", function () { if (lastFile) check(lastFile); });
  var drop = $("drop");
  drop.addEventListener("click", function () { $("file").click(); });
  drop.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); $("file").click(); } });
  drop.addEventListener("dragover", function (e) { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
  drop.addEventListener("drop", function (e) {
    e.preventDefault(); drop.classList.remove("over");
    if (e.dataTransfer && e.dataTransfer.files.length) check(e.dataTransfer.files[0]);
  });
  fetch("/api/rules").then(function (r) { return r.json(); }).then(function (body) {
    (body.policy_packs || []).forEach(function (p) {
      var o = document.createElement("option");
      o.value = p.id; o.textContent = p.id + " (KF " + p.kf_decision_date + ")";
      $("policy").appendChild(o);
    });
  }).catch(function () { /* the automatic choice still works */ });
})();
</script>
</body>
</html>
)html";
    return page;
}

}  // namespace budgetcheck::server
