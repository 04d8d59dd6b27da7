// praktiktjek: live findings, open and save, print, filter and upload progress.
// The page works without this file: every form posts and the server renders the same result.
"use strict";
(function () {
  var FORMAT = "praktiktjek/agreement@1";
  var form = document.getElementById("agreement");
  var base = null; // the document last opened, so that saving keeps what the form does not show
  // {bytes, text, parsed, unreadable}: the file as opened (bytes and text null on a page the
  // server opened), and whether the caseworker has changed the form since
  var opened = null, edited = false;
  var lang = document.documentElement.lang === "en" ? "en" : "da";

  // A number field, read by the one rule of web/forms.py (read_number): ASCII digits only;
  // "," is the decimal mark; "." or a space between groups of three digits separates
  // thousands; without a comma a dot not followed by exactly three digits is a decimal point;
  // "1.200" and "1,200" are ambiguous and stay text, as does anything else (0x25, 1_000, 3 0, 1e3).
  var BLANK = " \t\n\r\u00a0\u202f";
  var DANISH = /^([+-]?)([0-9]+|[1-9][0-9]{0,2}([. \u00a0\u202f])[0-9]{3}(?:\3[0-9]{3})*)(?:,([0-9]+))?$/;
  var DOTTED = /^[+-]?[0-9]+\.[0-9]+$/;
  // "1,200" too, in both languages: one point two in Danish, twelve hundred in English (review 19, F14)
  var AMBIGUOUS = /^[+-]?[1-9][0-9]{0,2}[.,][0-9]{3}$/;
  function stripBlank(raw) {
    var a = 0, b = raw.length;
    while (a < b && BLANK.indexOf(raw.charAt(a)) >= 0) { a++; }
    while (b > a && BLANK.indexOf(raw.charAt(b - 1)) >= 0) { b--; }
    return raw.slice(a, b);
  }
  function readNumber(raw) {
    var text = stripBlank(raw), plain;
    if (text === "") { return undefined; }
    if (AMBIGUOUS.test(text)) { return text; }
    var m = DANISH.exec(text);
    if (m) {
      var whole = m[3] ? m[2].split(m[3]).join("") : m[2];
      plain = m[1] + whole + (m[4] ? "." + m[4] : "");
    } else if (DOTTED.test(text)) {
      plain = text;
    } else { return text; }
    var n = Number(plain);
    // 400 zeros after the comma read as 0: not the number typed (forms.py, review 20 F7)
    if (n === 0 && /[1-9]/.test(plain)) { return text; }
    // more digits than a number keeps: «37,0000000000000001» reads as 37 (forms.py, review 21 cli F9)
    if (isFinite(n) && misread(plain, n)) { return text; }
    return isFinite(n) ? n : text;
  }
  // Whether a number's text (a point for decimals) writes another number than the one it
  // reads as (jsonpos.misread): its significant digits and exponent against the shortest
  // text of the number read. Fifteen digits or fewer always read as written.
  function misread(plain, n) {
    if (plain.replace(/^[+-]/, "").length <= 15) { return false; }
    return digitsOf(plain) !== digitsOf(String(n));
  }
  function digitsOf(s) {  // "0.0120" → "12e-1": the value is 0.12 × 10^-1
    var m = /^[+-]?([0-9]*)(?:\.([0-9]*))?(?:e([+-]?[0-9]+))?$/i.exec(s);
    if (!m) { return s; }
    var all = m[1] + (m[2] || ""), exp = parseInt(m[3] || "0", 10) + m[1].length;
    var lead = /^0*/.exec(all)[0].length;
    all = all.slice(lead).replace(/0+$/, "");
    return all === "" ? "0" : all + "e" + (exp - lead);
  }
  // A number as the form shows it (forms.py format_number): no exponent, a decimal comma in
  // Danish, a dot in English, with a 0 added where three decimals would read as thousands.
  function formatNumber(v) {
    var text = String(v);
    if (/e/i.test(text)) {
      text = Number.isInteger(v) ? BigInt(v).toString() : v.toFixed(20).replace(/0+$/, "").replace(/\.$/, "");
    }
    if (lang === "da") { text = text.replace(".", ","); }
    return AMBIGUOUS.test(text) ? text + "0" : text;
  }

  function rowsOf(group) { return Array.prototype.slice.call(group.querySelectorAll(":scope > fieldset.row")); }

  function renumber(group) {
    var gp = group.getAttribute("data-group");
    rowsOf(group).forEach(function (row, i) {
      row.setAttribute("data-row", String(i));
      row.id = "f" + (gp + "/" + i).replace(/[^A-Za-z0-9_]/g, "-");
      var num = row.querySelector(".rownum"); if (num) { num.textContent = String(i + 1); }
      row.querySelectorAll("[name]").forEach(function (el) {
        var rest = el.name.slice(gp.length + 1).replace(/^\d+/, "");
        el.name = gp + "/" + i + rest;
        var oldId = el.id;
        el.id = "f" + el.name.replace(/[^A-Za-z0-9_]/g, "-");
        var label = row.querySelector("label[for='" + oldId + "']"); if (label) { label.htmlFor = el.id; }
        var help = row.querySelector("#" + CSS.escape(oldId + "-help"));
        if (help) { help.id = el.id + "-help"; el.setAttribute("aria-describedby", help.id); }
      });
    });
  }

  function addRow(group, bulk) {
    var tpl = group.querySelector("template.row-template");
    var row = tpl.content.firstElementChild.cloneNode(true);
    var button = group.querySelector(":scope > .add-row");
    group.insertBefore(row, tpl);
    wireRow(group, row);
    if (!bulk) { renumber(group); } // fill() builds all rows, then numbers them once (review 21, F9)
    return row;
  }

  function wireRow(group, row) {
    var rm = row.querySelector(".remove-row");
    if (rm) {
      rm.hidden = false;
      rm.addEventListener("click", function () { row.remove(); renumber(group); edited = true; gen++; schedule(); });
    }
  }

  function value(el) {
    var kind = el.getAttribute("data-kind");
    var raw = el.value.trim();
    if (kind === "choices") { return undefined; }
    if (kind === "number") { return readNumber(el.value); }
    if (raw === "") { return undefined; }
    if (kind === "bool" || kind === "consent") {
      var low = raw.toLowerCase();
      if (["ja", "yes", "true", "sand"].indexOf(low) >= 0) { return true; }
      if (["nej", "no", "false", "falsk"].indexOf(low) >= 0) { return false; }
      return raw;
    }
    if (kind === "number") { return readNumber(el.value); }
    if (kind === "list") {
      var items = raw.split("\n").map(function (s) { return s.trim(); }).filter(Boolean);
      return items.length ? items : undefined;
    }
    return raw;
  }

  function emptyish(v) {
    return v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
  }

  function setPath(obj, parts, v) {
    var cur = obj;
    for (var i = 0; i < parts.length - 1; i++) {
      var p = parts[i];
      if (v === undefined && (cur[p] === undefined || cur[p] === null || typeof cur[p] !== "object")) { return; }
      // a list where the form expects a group of fields is a shape the form cannot hold: it is
      // left exactly as written (and `check` keeps its VP000), never replaced (review 21, F2)
      if (Array.isArray(cur[p])) { return; }
      if (typeof cur[p] !== "object" || cur[p] === null || Array.isArray(cur[p])) { cur[p] = {}; }
      cur = cur[p];
    }
    var last = parts[parts.length - 1];
    if (v === undefined) {
      if (!emptyish(cur[last])) { delete cur[last]; }
    } else if (JSON.stringify(cur[last]) !== JSON.stringify(v)) {
      cur[last] = v;
    }
  }

  // The form edits the opened document (review 19, F3/F5/F10): fill() notes what it put in
  // each input (el._filled). An input nobody has touched is read as the form reads it («30»
  // → 30), unless that would erase or reshape the document's value (a category with no box,
  // a text the field cannot hold) or make text of a value that is none (42, true in a text
  // field: form4 leftover): then the value stays as the file writes it, and its finding with it.
  function stateOf(el) { return el.type === "checkbox" ? el.checked : el.value; }
  function keeps(changed, name, v, container, parts) {
    if (changed[name]) { return false; }
    var old = container;
    for (var i = 0; i < parts.length; i++) {
      if (old === null || typeof old !== "object" || Array.isArray(old) || !(parts[i] in old)) { return false; }
      old = old[parts[i]];
    }
    var box = form.querySelector("input[type=checkbox][name='" + CSS.escape(name) + "']");
    var madeText = (typeof v === "string" || Array.isArray(v)) && old !== null && typeof old !== "string" && typeof old !== "object";
    return v === undefined || !!box || madeText || (old !== null && typeof old === "object" && JSON.stringify(old) !== JSON.stringify(v));
  }
  function snapshot(container) {
    container.querySelectorAll("[name^='/']").forEach(function (el) {
      if (!el.closest("template")) { el._filled = stateOf(el); el._touched = false; }
    });
  }

  function fieldsOf(container, changed) {
    var out = {};
    container.querySelectorAll("[name^='/']").forEach(function (el) {
      if (el.closest("template")) { return; }
      if (changed && (el._filled === undefined || el._touched || stateOf(el) !== el._filled)) { changed[el.name] = true; }
      if (el.type === "checkbox") {
        out[el.name] = out[el.name] || [];
        if (el.checked) { out[el.name].push(el.value); }
      } else { out[el.name] = value(el); }
    });
    Object.keys(out).forEach(function (k) { if (Array.isArray(out[k]) && !out[k].length && container.querySelector("[name='" + k + "'][type=checkbox]")) { out[k] = undefined; } });
    return out;
  }

  function buildAgreement() {
    var out = base ? JSON.parse(JSON.stringify(base)) : { format: FORMAT };
    var groups = Array.prototype.slice.call(form.querySelectorAll("[data-group]"));
    var changed = {};
    var values = fieldsOf(form, changed);
    Object.keys(values).forEach(function (name) {
      var inGroup = groups.some(function (g) { return name.indexOf(g.getAttribute("data-group") + "/") === 0; });
      var parts = name.slice(1).split("/");
      if (!inGroup && !keeps(changed, name, values[name], out, parts)) { setPath(out, parts, values[name]); }
    });
    groups.forEach(function (g) {
      if (g._tooMany) { return; } // past the row cap the rows were not built: the list stays as written
      var gp = g.getAttribute("data-group");
      var parts = gp.slice(1).split("/");
      var before = parts.reduce(function (o, p) { return o && typeof o === "object" ? o[p] : undefined; }, out);
      var items = [];
      // each row opened from the document carries its own item (row._orig), whatever rows
      // were removed before it; a removed row is gone, a blank new row writes nothing (F3)
      rowsOf(g).forEach(function (row) {
        var rowChanged = {};
        var rv = fieldsOf(row, rowChanged);
        var orig = row._orig;
        var plain = orig && typeof orig === "object" && !Array.isArray(orig);
        var untouched = !Object.keys(rowChanged).length;
        if (row._opened && untouched && !plain) { items.push(JSON.parse(JSON.stringify(orig))); return; }
        var item = row._opened && plain ? JSON.parse(JSON.stringify(orig)) : {};
        var any = false;
        Object.keys(rv).forEach(function (name) {
          var sub = name.slice(gp.length + 1).split("/").slice(1);
          if (rv[name] !== undefined) { any = true; }
          if (!keeps(rowChanged, name, rv[name], item, sub)) { setPath(item, sub, rv[name]); }
        });
        if (any || (row._opened && (Object.keys(item).length || untouched))) { items.push(item); }
      });
      if (items.length) {
        setPath(out, parts, items);
      } else if (!(before !== undefined && before !== null && (!Array.isArray(before) || !before.length))) {
        // an empty list, or a value the rows cannot show (an object), stays as written (F10)
        setPath(out, parts, undefined);
      }
    });
    if (!base) { out.format = FORMAT; }
    return out;
  }

  function show(v, kind) {
    if (v === null || v === undefined) { return ""; }
    if (kind === "list" && Array.isArray(v)) { return v.map(function (x) { return show(x); }).join("\n"); }
    if (typeof v === "boolean") { return v ? "true" : "false"; }
    if (typeof v === "number") { return formatNumber(v); }
    return asText(v);
  }
  // an object or a list where the field holds text: its JSON text, as the server shows it
  // (forms.py _text), not «[object Object]» (review 21 web, F5)
  function asText(v) { return v !== null && typeof v === "object" ? JSON.stringify(v) : String(v); }

  function at(doc, pointer) {
    return pointer.slice(1).split("/").reduce(function (o, p) { return o !== null && typeof o === "object" ? o[p] : undefined; }, doc);
  }

  // the rows shown for the document's rows: each keeps its own item (F3)
  function markRows(doc) {
    form.querySelectorAll("[data-group]").forEach(function (g) {
      var items = at(doc, g.getAttribute("data-group"));
      rowsOf(g).forEach(function (row, i) {
        row._opened = Array.isArray(items) && i < items.length;
        row._orig = row._opened ? items[i] : undefined;
      });
    });
  }

  // a category the form has no box for gets a checked box of its own (review 19, F5)
  function extraBoxes(doc) {
    form.querySelectorAll("input[data-extra]").forEach(function (el) { el.closest(".check").remove(); });
    var seen = {};
    form.querySelectorAll("input[type=checkbox][name^='/']").forEach(function (el) {
      if (el.closest("template") || seen[el.name]) { return; }
      seen[el.name] = true;
      var v = at(doc, el.name);
      var had = Array.isArray(v) ? v : (typeof v === "string" && v ? [v] : []);
      var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]")).filter(function (b) { return b.name === el.name; });
      var last = boxes[boxes.length - 1].closest(".check");
      had.forEach(function (code, k) {
        code = asText(code);
        if (boxes.some(function (b) { return b.value === code; })) { return; }
        var div = last.cloneNode(true);
        var box = div.querySelector("input"), label = div.querySelector("label");
        box.id = el.id.replace(/-\d+$/, "") + "-x" + (k + 1);
        box.value = code; box.setAttribute("data-extra", ""); label.htmlFor = box.id; label.textContent = code;
        last.after(div); last = div;
      });
    });
  }

  function fill(doc, keepFindings) {
    gen++; tooMany = false;
    form.querySelectorAll("[data-group]").forEach(function (g) {
      rowsOf(g).forEach(function (r) { r.remove(); });
      var items = at(doc, g.getAttribute("data-group"));
      var n = Array.isArray(items) ? items.length : 0;
      g._tooMany = n > MAX_ROWS; // the server's row cap: past it no rows are built (review 21, F9)
      if (g._tooMany) { tooMany = true; n = 0; }
      var capNote = g.querySelector(".row-cap");
      if (capNote) { capNote.remove(); }
      if (g._tooMany) {
        capNote = document.createElement("p"); capNote.className = "row-cap"; capNote.setAttribute("role", "status");
        capNote.textContent = lang === "da" ? "Filen har " + items.length + " rækker her; siden viser højst " + MAX_ROWS +
          ". Rækkerne gemmes som i filen." : "The file has " + items.length + " rows here; the page shows at most " + MAX_ROWS +
          ". The rows are saved as in the file.";
        var tplAt = g.querySelector("template.row-template");
        tplAt.parentNode.insertBefore(capNote, tplAt);
      }
      for (var i = 0; i <= n; i++) { addRow(g, true); }
      renumber(g);
    });
    markRows(doc);
    extraBoxes(doc);
    form.querySelectorAll("[name^='/']").forEach(function (el) {
      if (el.closest("template")) { return; }
      var v = at(doc, el.name);
      var kind = el.getAttribute("data-kind");
      if (el.type === "checkbox") {
        el.checked = (Array.isArray(v) ? v : [v]).some(function (x) { return x !== null && x !== undefined && asText(x) === el.value; });
        return;
      }
      var text = show(v, kind);
      if (el.tagName === "SELECT" && text && !Array.prototype.some.call(el.options, function (o) { return o.value === text; })) {
        var opt = document.createElement("option"); opt.value = text; opt.textContent = text; el.appendChild(opt);
      }
      el.value = text;
    });
    snapshot(form);
    var carried = document.getElementById("f-grundlag");
    if (carried) { carried.value = JSON.stringify(doc); } // the no-JS post merges into it too
    base = doc;
    if (!keepFindings) { opened = null; edited = false; check(); } // a document of its own, no file
  }

  // -- live findings
  var timer = null, seq = 0;
  // one generation for what the form holds (review 21, F1): every open, edit and fill bumps it;
  // an answer (check, open) is applied only if it belongs to the generation it was asked for
  var gen = 0, openWait = null, MAX_ROWS = 1000, tooMany = false;
  // while a file is being opened no check of the form as it was may start: its answer would
  // stand beside the new file's form (review 19, F16)
  var opening = false;
  function schedule() { clearTimeout(timer); if (!opening) { timer = setTimeout(function () { check(); }, 250); } }

  function applyMarks(marks) {
    form.querySelectorAll(".marked").forEach(function (el) { el.classList.remove("marked"); });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    form.querySelectorAll("[aria-describedby]").forEach(function (el) {
      var keep = el.getAttribute("aria-describedby").split(" ").filter(function (id) { return id.indexOf("finding-") !== 0; });
      if (keep.length) { el.setAttribute("aria-describedby", keep.join(" ")); } else { el.removeAttribute("aria-describedby"); }
    });
    Object.keys(marks).forEach(function (id) {
      var el = document.getElementById(id);
      if (!el) { return; }
      var box = el.classList.contains("row") || el.classList.contains("group") ? el : (el.closest(".field") || el);
      box.classList.add("marked");
      if (el.tagName !== "FIELDSET" && el.tagName !== "DIV") { el.setAttribute("aria-invalid", "true"); }
      var ids = (el.getAttribute("aria-describedby") || "").split(" ").filter(Boolean).concat(marks[id]);
      el.setAttribute("aria-describedby", ids.join(" "));
    });
  }

  // The findings shown are always those of a document read as strictly as `praktiktjek
  // check` reads a file (review 17, F1): an opened file's own text, else the very agreement
  // «Gem som JSON» would write (the form's fields over the opened document).
  // A live check that fails (413, 5xx, network, the server gone) never leaves the last
  // findings standing: the panel says they could not be updated, and «Kontrollér» posts the
  // form instead (review 19, F8).
  var failed = false;
  function showFailed(status) {
    var target = document.getElementById("findings");
    if (!target) { return; }
    var box = document.createElement("div");
    box.id = "findings-body";
    box.setAttribute("data-failed", "1");
    var p = document.createElement("p");
    p.className = "notice failed";
    p.setAttribute("role", "alert");
    p.textContent = target.getAttribute(status === 413 ? "data-failed-large" : "data-failed") || "";
    box.appendChild(p);
    target.replaceChildren(box);
    applyMarks({});
    failed = true;
  }

  function checkText(body, query, forGen) {
    var mine = ++seq, asked = forGen === undefined ? gen : forGen;
    return fetch("/fragment/dokument?lang=" + lang + (query || ""), { method: "POST", body: body, credentials: "omit",
      headers: { "Content-Type": "application/json" } })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        if (mine !== seq || asked !== gen) { return null; }
        var tmp = new DOMParser().parseFromString(html, "text/html");
        var fresh = tmp.getElementById("findings-body");
        var target = document.getElementById("findings");
        if (!fresh || !target) { return Promise.reject(0); }
        target.replaceChildren(document.importNode(fresh, true));
        applyMarks(JSON.parse(fresh.getAttribute("data-marks") || "{}"));
        failed = false;
        document.body.setAttribute("data-checked", String(mine));
        return fresh;
      })
      .catch(function (status) {
        if (mine === seq && asked === gen) { showFailed(status); }
        return Promise.reject(status);
      });
  }

  // Until the caseworker changes the form, the findings are the opened file's own (its bytes,
  // checked again). After a change they are the form's: if the file could not be read as it
  // stands, the panel keeps saying that the form is not the file (form4 leftover); a file that
  // could be read is, after a change, the file with the caseworker's changes, and needs no note.
  function formQuery() {
    var n = document.getElementById("f-aftaler"); // a file of several agreements: the form has the first
    return "&kilde=formular" + (opened && opened.unreadable ? "&aabnet=ulaeselig" : "") +
      (opened && n && n.value ? "&aftaler=" + encodeURIComponent(n.value) : "");
  }
  function check(fallback) {
    var request = opened && !edited && opened.bytes ? checkText(opened.bytes, "")
      : checkText(JSON.stringify(buildAgreement()), formQuery()).then(function (fresh) {
        var note = document.getElementById("open-notice"); // the server's note of the file as opened
        if (note && fresh) { note.remove(); }
        return fresh;
      });
    request.catch(function () {
      if (fallback) { form.submit(); } // «Kontrollér»: the server checks the posted form
    });
  }

  // A download's name never carries a CPR number (review 19, F2): an id is used only when it
  // is a plain name in which no ten digits, however split by «-», «_» or «.», begin with a
  // day and a month (more cautious than the server's mask, which masks fewer spellings).
  function cprLike(id) {
    var runs = id.replace(/[._-]/g, "").match(/[0-9]{10,}/g) || [];
    return runs.some(function (run) {
      for (var i = 0; i + 10 <= run.length; i++) {
        var day = Number(run.substr(i, 2)), month = Number(run.substr(i + 2, 2));
        if (day >= 1 && day <= 31 && month >= 1 && month <= 12) { return true; }
      }
      return false;
    });
  }
  function downloadName(doc) {
    var id = typeof doc.id === "string" ? doc.id : "";
    if (!/^[\w-][\w.-]{0,79}$/.test(id) || cprLike(id)) { return "aftale.json"; }
    return id + ".json";
  }

  function download(doc) {
    // the same bytes the save handler has checked (review 17, F1)
    var blob = new Blob([JSON.stringify(doc, null, 2) + "\n"], { type: "application/json" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = downloadName(doc);
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  }

  if (form) {
    form.querySelectorAll("[data-group]").forEach(function (g) {
      rowsOf(g).forEach(function (row) { wireRow(g, row); });
      var add = g.querySelector(":scope > .add-row");
      add.hidden = false;
      add.addEventListener("click", function () { var row = addRow(g); var first = row.querySelector("[name]"); if (first) { first.focus(); } });
    });
    // an input the caseworker has touched is read as the form reads it, even typed back as it was
    form.addEventListener("input", function (ev) { ev.target._touched = true; edited = true; if (!opening) { gen++; } schedule(); });
    form.addEventListener("change", function (ev) { ev.target._touched = true; edited = true; if (!opening) { gen++; } schedule(); });
    var save = document.getElementById("save-btn");
    save.hidden = false;
    save.addEventListener("click", function onSave() {
      if (openWait) { openWait.then(onSave); return; } // acts on what the form will hold
      var doc = buildAgreement();
      download(doc);
      // what is shown is the saved file's findings; if it is not the opened file (one that
      // could not be read as it stood, or read otherwise), say so — a readable file saved after
      // a change is the file with the caseworker's changes
      var differs = opened && (opened.unreadable || (!edited && JSON.stringify(doc) !== opened.parsed));
      var n = document.getElementById("f-aftaler"); // the saved file holds the first agreement alone
      var masked = document.getElementById("f-maskeret");
      checkText(JSON.stringify(doc, null, 2) + "\n", "&kilde=formular" + (differs ? "&gemt=forskellig" : "") +
        (differs && edited ? "&aabnet=ulaeselig" : "") + (opened && n && n.value ? "&aftaler=" + encodeURIComponent(n.value) : "") +
        (masked && masked.value === "ja" ? "&maskeret=ja" : "")) // the server filled the form masked (review 21, F3)
        .catch(function () { /* the panel says so */ });
    });
    form.addEventListener("submit", function (ev) {
      var old = form.querySelector("input[name='dokument']");
      if (old) { old.remove(); }
      var oldSource = form.querySelector("input[name='kilde']");
      if (oldSource) { oldSource.remove(); }
      if (ev.submitter && ev.submitter.id === "check-btn") {
        if (failed) { return; } // the live check failed: the form posts, and the server checks it
        ev.preventDefault();
        if (openWait) { openWait.then(function () { check(true); }); return; } // the open first
        check(true); return;
      }
      if (ev.submitter && ev.submitter.id === "print-btn") {
        // the report is of the document the page shows: the opened file as it was read, until
        // the form is changed (review 19, F4), then the agreement the page checks and saves
        var field = document.createElement("input");
        field.type = "hidden"; field.name = "dokument";
        var asFile = opened && !edited && opened.text !== null;
        field.value = asFile ? opened.text : JSON.stringify(buildAgreement());
        form.appendChild(field);
        if (asFile) {
          var source = document.createElement("input");
          source.type = "hidden"; source.name = "kilde"; source.value = "fil";
          form.appendChild(source);
        }
      }
    });
    var openForm = document.getElementById("open-form");
    openForm.addEventListener("submit", function (ev) {
      var file = document.getElementById("open-file").files[0];
      var pasted = document.getElementById("open-paste").value;
      // the file's own bytes are checked, as `check` reads them (review 19, F1): the browser
      // decodes nothing for the check, and the form is filled only from strict UTF-8
      var read = file ? file.arrayBuffer() : Promise.resolve(new TextEncoder().encode(pasted).buffer);
      ev.preventDefault();
      clearTimeout(timer); // a pending check of the form as it was is dropped
      opening = true;
      var myGen = ++gen, done;
      var oldNote = document.getElementById("open-failed");
      if (oldNote) { oldNote.remove(); }
      openWait = new Promise(function (resolve) { done = resolve; });
      var thisWait = openWait;
      function finish() { if (openWait === thisWait) { opening = false; openWait = null; } done(); }
      read.catch(function () {
        // the chosen file could not be read (changed or removed since it was chosen): say so,
        // and the live check goes on with the form as it is (review 21, F4)
        var p = document.createElement("p"); p.id = "open-failed"; p.setAttribute("role", "alert");
        p.textContent = lang === "da" ? "Filen kunne ikke læses. Den er måske ændret eller slettet, siden den blev valgt. Vælg den igen."
          : "The file could not be read. It may have been changed or removed since it was chosen. Choose it again.";
        openForm.appendChild(p);
        finish();
        return null;
      }).then(function (bytes) {
        if (bytes === null) { return; }
        if (myGen !== gen) { finish(); return; } // a newer open or an edit: this one is stale
        var text, doc;
        try {
          text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
          doc = JSON.parse(text);
        } catch (e) { finish(); openForm.submit(); return; } // the server reads the bytes and says why
        if (Array.isArray(doc) || doc === null || typeof doc !== "object") { finish(); openForm.submit(); return; }
        // the findings are the file's own, read by the server as strictly as `check` reads it;
        // only then does the form show what could be read. A check of the form already under
        // way is outrun: checkText answers only its latest call (seq)
        checkText(bytes, "", myGen).then(function (fresh) {
          if (!fresh || myGen !== gen) { finish(); return; } // stale: never fills the form
          clearTimeout(timer);
          fill(doc, true);
          gen = myGen; // the form now holds this file, whose findings are shown
          opened = { bytes: bytes, text: text, parsed: JSON.stringify(doc), unreadable: !!(fresh && fresh.getAttribute("data-unreadable")) };
          edited = false;
          var flag = document.getElementById("f-aabnet"); // the form's posts say it too
          if (flag) { flag.value = opened.unreadable ? "ulaeselig" : ""; }
          var count = document.getElementById("f-aftaler");
          if (count) { count.value = (fresh && fresh.getAttribute("data-agreements")) || ""; }
          var note = document.getElementById("open-notice");
          if (note) { note.remove(); }
          openForm.closest("details").open = false;
          finish();
        }).catch(function () { var mineNow = myGen === gen; finish(); if (mineNow) { openForm.submit(); } });
      });
    });
    var grundlag = document.getElementById("f-grundlag");
    if (grundlag && grundlag.value) {
      // a page the server rendered for an opened document (/aabn, «Kontroller» without the
      // script): the form edits that document here too
      try { base = JSON.parse(grundlag.value); markRows(base); snapshot(form); } catch (e) { base = null; }
      var aabnet = document.getElementById("f-aabnet");
      var several = document.getElementById("f-aftaler");
      if (base && ((aabnet && aabnet.value === "ulaeselig") || (several && several.value))) {
        opened = { bytes: null, text: null, parsed: JSON.stringify(base), unreadable: !!(aabnet && aabnet.value === "ulaeselig") };
      }
    }
    window.praktiktjek = { buildAgreement: buildAgreement, fill: fill, downloadName: downloadName, readNumber: readNumber, formatNumber: formatNumber };
    // a page the server has checked (the form posted) shows its findings already: they are of
    // the form as it stands, and a failing live check must not replace them (review 19, F8)
    if (form.querySelector("[name='/id']").value && !document.querySelector("#findings .tally")) { check(); }
  }

  var printNow = document.getElementById("print-now");
  if (printNow) { printNow.hidden = false; printNow.addEventListener("click", function () { window.print(); }); }

  var filter = document.querySelector("[data-filter]");
  if (filter) {
    var table = document.getElementById(filter.getAttribute("data-filter"));
    filter.addEventListener("input", function () {
      var q = filter.value.toLowerCase(), shown = 0;
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        var hit = tr.textContent.toLowerCase().indexOf(q) >= 0; tr.hidden = !hit; if (hit) { shown++; }
      });
      var count = table.querySelector(".count"); if (count) { count.textContent = String(shown); }
    });
  }

  var audit = document.getElementById("audit-form");
  if (audit) {
    audit.addEventListener("submit", function () { document.getElementById("audit-progress").hidden = false; });
  }
})();
