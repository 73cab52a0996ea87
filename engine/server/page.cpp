// The web app's only page: no external assets, vanilla JS inline. Files
// (picked, dropped or pasted) go to POST /api/round in one request; its
// answer has a result per file, the summary, and the HTML and JSON reports,
// shown in a sandboxed iframe (no scripts may run in it) and offered for
// download. Two revisions go to POST /api/diff.
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
h2{font-size:1.1rem;margin:1.2rem 0 .4rem}
.controls{display:flex;flex-wrap:wrap;gap:1rem;align-items:end;margin:.5rem 0 1rem}
label{font-weight:600;display:block;margin-bottom:.2rem}
select,input[type=file],button{font-size:1rem}
button{padding:.3rem .9rem;border:1px solid #1f5f99;border-radius:4px;background:#1f5f99;color:#fff;cursor:pointer}
#drop{border:3px dashed #1f5f99;border-radius:8px;background:#fff;padding:1.6rem 1rem;text-align:center;font-size:1.1rem;cursor:pointer}
#drop.over{background:#e8f1f8;border-style:solid}
#drop:focus,button:focus{outline:3px solid #b35806;outline-offset:2px}
details.box{background:#fff;border:1px solid #c8c8c8;border-radius:6px;padding:.5rem .8rem;margin:.8rem 0}
details.box summary{font-weight:600;cursor:pointer}
#paste{width:100%;min-height:8rem;font-family:Consolas,"DejaVu Sans Mono",monospace;font-size:.9rem;margin:.4rem 0}
.pair{display:flex;flex-wrap:wrap;gap:1rem;align-items:end;margin:.4rem 0}
#results{list-style:none;margin:.8rem 0 0;padding:0}
#results li{background:#fff;border:1px solid #c8c8c8;border-left:6px solid #888;border-radius:4px;padding:.4rem .7rem;margin:.3rem 0}
#results li.pass{border-left-color:#1b6e20}
#results li.fail{border-left-color:#8c0019}
#results li.error{border-left-color:#b35806}
pre.excerpt{margin:.4rem 0 .1rem;padding:.4rem .6rem;background:#fbf3e9;border-radius:4px;overflow-x:auto;font-size:.9rem;line-height:1.3}
pre.excerpt .gutter{color:#666}
pre.excerpt .caret{color:#8c0019;font-weight:700}
#status{min-height:1.6rem;margin:.8rem 0;font-weight:600}
#status.error{color:#8c0019}
#status.pass{color:#1b6e20}
#status.fail{color:#8c0019}
#downloads a{margin-right:1.2rem;font-weight:600;color:#1f5f99}
#report{width:100%;border:1px solid #c8c8c8;background:#fff;min-height:24rem;display:none}
.hint{color:#444;font-size:.9rem}
</style>
</head>
<body>
<header><h1 id="title">budgetcheck</h1><p id="subtitle"></p></header>
<main>
<div class="controls">
  <div><label for="lang" id="lang-label">Språk</label>
    <select id="lang"><option value="sv">svenska</option><option value="en">English</option></select></div>
  <div><label for="policy" id="policy-label">Policypaket</label>
    <select id="policy"><option value="" id="policy-auto"></option></select></div>
  <div><label for="file" id="file-label"></label>
    <input type="file" id="file" accept=".json,.xlsx,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" multiple></div>
</div>
<p class="hint" id="template-row"><label for="org" id="org-label"></label>
  <input id="org" size="24"> <a id="template" href="/api/template"></a></p>
<div id="drop" tabindex="0" role="button" aria-describedby="drop-hint"></div>
<p class="hint" id="drop-hint"></p>
<details class="box" id="paste-box"><summary id="paste-summary"></summary>
  <label for="paste" id="paste-label"></label>
  <textarea id="paste" spellcheck="false"></textarea>
  <button type="button" id="paste-check"></button>
</details>
<details class="box" id="compare-box"><summary id="compare-summary"></summary>
  <div class="pair">
    <div><label for="old-file" id="old-label"></label><input type="file" id="old-file" accept=".json,application/json"></div>
    <div><label for="new-file" id="new-label"></label><input type="file" id="new-file" accept=".json,application/json"></div>
    <div><button type="button" id="compare-run"></button></div>
  </div>
</details>
<ul id="results" aria-live="polite"></ul>
<div id="status" role="status" aria-live="polite"></div>
<p id="downloads" hidden><a id="download-html" download="budgetcheck-rapport.html" href="#"></a><a id="download-json" download="budgetcheck-rapport.json" href="#"></a></p>
<iframe id="report" title="Rapport" sandbox="allow-same-origin"></iframe>
</main>
<script>
(function () {
  "use strict";
  var text = {
    sv: {subtitle: "Kontrollera nämndernas budgetunderlag mot KF:s beslut. Filerna lämnar inte datorn: de kontrolleras av budgetcheck på den här datorn och sparas inte.",
         lang: "Språk", policy: "Policypaket", auto: "automatiskt (kommun och KF-datum)", file: "Välj underlag (JSON eller Excel, en eller flera)",
         drop: "Släpp en eller flera filer (JSON eller Excel) här, eller klicka för att välja", hint: "Resultatet för varje fil och rapporten visas nedan; rapporten kan laddas ner som HTML eller JSON.",
         paste: "Klistra in JSON", pasteLabel: "Inlämningens JSON", pasteCheck: "Kontrollera inklistrad text", pasteName: "inklistrad.json",
         compare: "Jämför två versioner", old: "Gammal version", new: "Ny version", compareRun: "Jämför",
         checking: "Kontrollerar ", failed: "kunde inte kontrolleras: ", report: "Rapport",
         line: "rad", column: "kolumn", network: "Servern svarar inte: ", downloadHtml: "Ladda ner rapporten (HTML)",
         downloadJson: "Ladda ner rapporten (JSON)", pickBoth: "Välj både den gamla och den nya versionen.", comparing: "Jämför ",
         org: "Excel-mall för organisation (id, t.ex. vss)", template: "Hämta mallen (välj policypaket)"},
    en: {subtitle: "Check the boards' budget submissions against the KF decision. The files do not leave this computer: budgetcheck checks them here and does not store them.",
         lang: "Language", policy: "Policy pack", auto: "automatic (municipality and KF date)", file: "Choose submissions (JSON or Excel, one or more)",
         drop: "Drop one or more files (JSON or Excel) here, or click to choose", hint: "The result of each file and the report appear below; the report can be downloaded as HTML or JSON.",
         paste: "Paste JSON", pasteLabel: "The submission's JSON", pasteCheck: "Check the pasted text", pasteName: "pasted.json",
         compare: "Compare two revisions", old: "Old revision", new: "New revision", compareRun: "Compare",
         checking: "Checking ", failed: "could not be checked: ", report: "Report",
         line: "line", column: "column", network: "The server does not answer: ", downloadHtml: "Download the report (HTML)",
         downloadJson: "Download the report (JSON)", pickBoth: "Choose both the old and the new revision.", comparing: "Comparing ",
         org: "Excel template for organisation (id, e.g. vss)", template: "Download the template (choose a policy pack)"}
  };
  var $ = function (id) { return document.getElementById(id); };
  var last = null;  // the last request, repeated when the language or pack changes
  var urls = [];
  function t() { return text[$("lang").value] || text.sv; }
  function relabel() {
    var s = t();
    document.documentElement.lang = $("lang").value;
    [["subtitle", "subtitle"], ["lang-label", "lang"], ["policy-label", "policy"], ["policy-auto", "auto"],
     ["file-label", "file"], ["drop", "drop"], ["drop-hint", "hint"], ["paste-summary", "paste"],
     ["paste-label", "pasteLabel"], ["paste-check", "pasteCheck"], ["compare-summary", "compare"],
     ["old-label", "old"], ["new-label", "new"], ["compare-run", "compareRun"],
     ["download-html", "downloadHtml"], ["download-json", "downloadJson"], ["org-label", "org"],
     ["template", "template"]].forEach(function (p) {
      $(p[0]).textContent = s[p[1]];
    });
    $("report").title = s.report;
  }
  function el(tag, className, content) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (content !== undefined) e.textContent = content;
    return e;
  }
  function status(message, kind) { var e = $("status"); e.textContent = message; e.className = kind || ""; }
  function where(e) { return e.line ? " (" + t().line + " " + e.line + ", " + t().column + " " + e.column + ")" : ""; }
  function errorLine(name, e) { return name + ": " + t().failed + e.message + where(e) + " [" + e.code + "]"; }
  // The offending line and a caret under the column; the server sends both
  // (the same excerpt the CLI prints), the page only draws them.
  function excerpt(e) {
    var pre = el("pre", "excerpt");
    var number = e.line ? String(e.line) : "";
    pre.appendChild(el("span", "gutter", number + " | "));
    pre.appendChild(document.createTextNode(e.excerpt.text + "\n"));
    if (e.excerpt.caret) {
      pre.appendChild(el("span", "gutter", " ".repeat(number.length) + " | "));
      pre.appendChild(document.createTextNode(e.excerpt.padding));
      pre.appendChild(el("span", "caret", "^"));
    }
    return pre;
  }
  function clear() {
    $("results").textContent = "";
    $("downloads").hidden = true;
    urls.forEach(function (u) { URL.revokeObjectURL(u); });
    urls = [];
  }
  function offer(id, content, type, filename) {
    var url = URL.createObjectURL(new Blob([content], {type: type}));
    urls.push(url);
    $(id).href = url;
    $(id).setAttribute("download", filename);
  }
  function showReport(html) {
    var frame = $("report");
    if (html === null) { frame.style.display = "none"; frame.removeAttribute("srcdoc"); return; }
    frame.style.display = "block";
    frame.srcdoc = html;
  }
  // An error answer: each input error with its line and caret, then the status.
  function httpError(response) {
    return response.json().then(function (body) {
      (body.errors || []).forEach(function (e) {
        if (!e.file) return;
        var li = el("li", "error");
        li.dataset.file = e.file;
        li.appendChild(el("span", "line", errorLine(e.file, e)));
        if (e.excerpt) li.appendChild(excerpt(e));
        $("results").appendChild(li);
      });
      var e = body && body.error ? body.error : {message: response.statusText, code: response.status};
      status(t().failed + e.message + where(e) + " [" + (e.code || response.status) + "]", "error");
      showReport(null);
    }, function () { status(t().failed + "HTTP " + response.status, "error"); showReport(null); });
  }
  function query() {
    var q = "lang=" + encodeURIComponent($("lang").value);
    if ($("policy").value) q += "&policy=" + encodeURIComponent($("policy").value);
    return q;
  }
  function post(path, form) {
    return fetch(path + "?" + query(), {method: "POST", body: form});
  }
  // A round: every file in one request; a result per file, then the summary.
  function check(files) {
    if (!files || !files.length) return;
    last = {kind: "round", files: files};
    clear();
    status(t().checking + files.map(function (f) { return f.name; }).join(", ") + " …");
    var form = new FormData();
    files.forEach(function (f) { form.append("file", f, f.name); });
    post("/api/round", form).then(function (response) {
      if (!response.ok) return httpError(response);
      return response.json().then(showRound);
    }).catch(function (err) { status(t().network + err, "error"); });
  }
  function showRound(body) {
    var kinds = {passed: "pass", failed: "fail", "not-checked": "error"};
    var lines = [];
    body.files.forEach(function (f) {
      var li = el("li", kinds[f.verdict]);
      li.dataset.file = f.name;
      li.dataset.verdict = f.verdict;
      var line = f.input_errors.length ? errorLine(f.name, f.input_errors[0]) : f.name + ": " + f.verdict_text + " – " + f.counts_text;
      lines.push(line);
      li.appendChild(el("span", "line", line));
      f.input_errors.forEach(function (e, i) {
        if (i) li.appendChild(el("div", "more", e.message + where(e) + " [" + e.code + "]"));
        if (e.excerpt) li.appendChild(excerpt(e));
      });
      $("results").appendChild(li);
    });
    var s = body.summary;
    if (s.files === 1) status(lines[0], kinds[body.files[0].verdict]);
    else status(s.text + "; " + s.totals, kinds[s.verdict]);
    $("status").dataset.verdict = s.verdict;
    offer("download-html", body.report_html, "text/html;charset=utf-8", "budgetcheck-rapport.html");
    offer("download-json", body.report_json, "application/json;charset=utf-8", "budgetcheck-rapport.json");
    $("downloads").hidden = false;
    showReport(s.not_checked === s.files ? null : body.report_html);
  }
  $("report").addEventListener("load", function () {
    var frame = $("report");
    try { frame.style.height = (frame.contentDocument.documentElement.scrollHeight + 20) + "px"; } catch (e) { /* ignore */ }
  });
  function again() { if (last && last.kind === "round") check(last.files); else if (last) compare(last.old, last.new); }
  $("file").addEventListener("change", function (e) { check(Array.prototype.slice.call(e.target.files)); });
  // The Excel template of the chosen pack and organisation (GET /api/template).
  function templateLink() {
    $("template").href = "/api/template?policy=" + encodeURIComponent($("policy").value) +
      "&organisation=" + encodeURIComponent($("org").value.trim()) + "&lang=" + encodeURIComponent($("lang").value);
  }
  $("org").addEventListener("input", templateLink);
  $("policy").addEventListener("change", templateLink);
  $("lang").addEventListener("change", function () { relabel(); templateLink(); again(); });
  $("policy").addEventListener("change", again);
  $("paste-check").addEventListener("click", function () {
    check([new File([$("paste").value], t().pasteName, {type: "application/json"})]);
  });
  var drop = $("drop");
  drop.addEventListener("click", function () { $("file").click(); });
  drop.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); $("file").click(); } });
  drop.addEventListener("dragover", function (e) { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
  drop.addEventListener("drop", function (e) {
    e.preventDefault(); drop.classList.remove("over");
    if (e.dataTransfer && e.dataTransfer.files.length) check(Array.prototype.slice.call(e.dataTransfer.files));
  });
  // Two revisions: what changed (amounts by place, findings new, fixed and
  // unchanged), the same page `budgetcheck diff --format html` writes.
  function compare(oldFile, newFile) {
    if (!oldFile || !newFile) { status(t().pickBoth, "error"); return; }
    last = {kind: "compare", old: oldFile, new: newFile};
    clear();
    status(t().comparing + oldFile.name + " → " + newFile.name + " …");
    var form = new FormData();
    form.append("old", oldFile, oldFile.name);
    form.append("new", newFile, newFile.name);
    post("/api/diff", form).then(function (response) {
      if (!response.ok) return httpError(response);
      return response.json().then(function (body) {
        status(oldFile.name + " → " + newFile.name + ": " + body.summary.text, body.exit_code === 0 ? "pass" : "fail");
        $("status").dataset.verdict = body.exit_code === 0 ? "no-new-errors" : "new-errors";
        offer("download-html", body.diff_html, "text/html;charset=utf-8", "budgetcheck-jamforelse.html");
        offer("download-json", body.diff_json, "application/json;charset=utf-8", "budgetcheck-jamforelse.json");
        $("downloads").hidden = false;
        showReport(body.diff_html);
      });
    }).catch(function (err) { status(t().network + err, "error"); });
  }
  $("compare-run").addEventListener("click", function () { compare($("old-file").files[0], $("new-file").files[0]); });
  relabel();
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
