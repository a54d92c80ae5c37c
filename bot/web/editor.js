// The dialogue editor's progressive enhancement (served as /editor.js; the
// Content-Security-Policy allows no inline script). Without this file the
// page works through its buttons; with it the file is checked on every
// change (debounced) and the problems appear next to their lines.
// Everything is written with textContent: a message never becomes markup.
(function () {
  "use strict";
  var form = document.getElementById("editor");
  var source = document.getElementById("bron");
  var gutter = document.getElementById("regels");
  var list = document.getElementById("problemen");
  if (!form || !source || !gutter || !list) {
    return;
  }
  var csrf = form.querySelector("input[name=csrf]");
  var marks = {}; // line -> "fout" | "waarschuwing"
  var words = {}; // line -> the first problem's message (the mark's tooltip)
  var timer = null;
  var asked = 0; // answers to older requests are dropped

  function lineCount() {
    return source.value.split("\n").length;
  }

  function drawGutter() {
    var n = lineCount();
    source.rows = n + 1;
    var pieces = document.createDocumentFragment();
    for (var i = 1; i <= n; i++) {
      var span = document.createElement("span");
      var mark = marks[i];
      if (mark === "fout") {
        span.className = "fout";
        span.title = "fout: " + words[i];
        span.textContent = i + " ✗";
      } else if (mark === "waarschuwing") {
        span.className = "waarschuwing";
        span.title = "waarschuwing: " + words[i];
        span.textContent = i + " !";
      } else {
        span.textContent = String(i);
      }
      pieces.appendChild(span);
      pieces.appendChild(document.createTextNode("\n"));
    }
    gutter.textContent = "";
    gutter.appendChild(pieces);
  }

  function selectLine(line) {
    var lines = source.value.split("\n");
    var start = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) {
      start += lines[i].length + 1;
    }
    var end = start + (lines[line - 1] || "").length;
    source.focus();
    source.setSelectionRange(start, end);
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function showProblems(answer) {
    marks = {};
    words = {};
    list.textContent = "";
    var problems = answer.problems || [];
    if (problems.length === 0) {
      var ok = document.createElement("p");
      ok.className = "ok";
      ok.textContent = "✓ Geen fouten of waarschuwingen gevonden.";
      list.appendChild(ok);
    } else {
      var head = document.createElement("h2");
      head.textContent =
        plural(answer.errors, "fout", "fouten") + ", " +
        plural(answer.warnings, "waarschuwing", "waarschuwingen");
      list.appendChild(head);
      var ul = document.createElement("ul");
      ul.className = "problems";
      problems.slice(0, 50).forEach(function (p) {
        var kind = p.error ? "fout" : "waarschuwing";
        if (marks[p.line] !== "fout") {
          marks[p.line] = kind;
        }
        if (!(p.line in words)) {
          words[p.line] = p.message;
        }
        var li = document.createElement("li");
        li.className = kind;
        li.dataset.line = String(p.line);
        var where = document.createElement("strong");
        where.textContent = "Regel " + p.line + ", kolom " + p.column;
        li.appendChild(where);
        li.appendChild(document.createTextNode(" – " + kind + ": " + p.message));
        if (p.hint) {
          li.appendChild(document.createElement("br"));
          var tip = document.createElement("span");
          tip.className = "small";
          tip.textContent = "Tip: " + p.hint;
          li.appendChild(tip);
        }
        ul.appendChild(li);
      });
      list.appendChild(ul);
    }
    drawGutter();
  }

  function check() {
    var mine = ++asked;
    var body = new URLSearchParams();
    body.set("csrf", csrf ? csrf.value : "");
    body.set("bron", source.value);
    fetch("/editor/controleer", {
      method: "POST",
      headers: { "Accept": "application/json" },
      body: body,
      credentials: "same-origin"
    })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (answer) {
        if (answer && mine === asked) {
          showProblems(answer);
          form.dataset.gecontroleerd = String(mine);
        }
      })
      .catch(function () {
        // Offline or the server restarted: the Controleer button still works.
      });
  }

  source.addEventListener("input", function () {
    drawGutter();
    clearTimeout(timer);
    timer = setTimeout(check, 300);
  });

  list.addEventListener("click", function (e) {
    var item = e.target.closest("li[data-line]");
    if (item) {
      selectLine(Number(item.dataset.line));
    }
  });

  // Enter in the reply field sends the reply, not the form's first button.
  var reply = document.getElementById("antwoord");
  var send = document.getElementById("stuur");
  if (reply && send) {
    reply.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        e.preventDefault();
        send.click();
      }
    });
  }

  check();
})();
