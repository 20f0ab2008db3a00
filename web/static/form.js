// otos forms: small progressive enhancements. Nothing depends on this script: every form works
// the same without it (the server decides show_if, checks every answer and stores a response
// once). With it:
//   - a question whose show_if depends on an answer on the same page appears or hides at once
//     (the server renders such questions hidden and disabled, with their show_if in
//     data-show-if; the answers of earlier pages are in the form's data-answers);
//   - focus moves to the error summary after a page with problems;
//   - a form's buttons are disabled once it is sent, so a double click sends one request.
// The show_if evaluator follows docs/show-if.md; on anything it does not understand it leaves
// the page as the server rendered it.
(function () {
  "use strict";

  // ---- show_if: tokens, parser, evaluation -------------------------------------------------
  function tokenize(text) {
    var tokens = [], i = 0, m;
    var re = /\s*(?:(-?\d+(?:\.\d+)?)|'([^']*)'|"([^"]*)"|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|<=|>=|<|>|\(|\)|\[|\]|,))/y;
    while (i < text.length) {
      re.lastIndex = i;
      m = re.exec(text);
      if (!m) {
        if (/^\s*$/.test(text.slice(i))) break;
        throw new Error("bad token");
      }
      i = re.lastIndex;
      if (m[1] !== undefined) tokens.push({ k: "num", v: parseFloat(m[1]) });
      else if (m[2] !== undefined || m[3] !== undefined) tokens.push({ k: "str", v: m[2] !== undefined ? m[2] : m[3] });
      else if (m[4] !== undefined) tokens.push({ k: "id", v: m[4] });
      else tokens.push({ k: "op", v: m[5] });
    }
    return tokens;
  }

  function parse(text) {
    var t = tokenize(text), p = 0;
    function peek(v) { return p < t.length && (t[p].k === "op" || t[p].k === "id") && t[p].v === v; }
    function take(v) { if (!peek(v)) throw new Error("expected " + v); p++; }
    function orExpr() {
      var left = andExpr();
      while (peek("or")) { p++; left = { op: "or", a: left, b: andExpr() }; }
      return left;
    }
    function andExpr() {
      var left = notExpr();
      while (peek("and")) { p++; left = { op: "and", a: left, b: notExpr() }; }
      return left;
    }
    function notExpr() {
      if (peek("not")) { p++; return { op: "not", a: notExpr() }; }
      return cmp();
    }
    function literal() {
      var tok = t[p++];
      if (!tok) throw new Error("end");
      if (tok.k === "num" || tok.k === "str") return { op: "lit", v: tok.v };
      if (tok.k === "id" && (tok.v === "true" || tok.v === "false")) return { op: "lit", v: tok.v === "true" };
      throw new Error("literal");
    }
    function primary() {
      var tok = t[p];
      if (!tok) throw new Error("end");
      if (tok.k === "op" && tok.v === "(") { p++; var e = orExpr(); take(")"); return e; }
      if (tok.k === "id" && tok.v !== "true" && tok.v !== "false") {
        p++;
        if (peek("(")) { p++; var q = t[p++]; take(")"); return { op: "fn", f: tok.v, q: q.v }; }
        return { op: "q", q: tok.v };
      }
      return literal();
    }
    function cmp() {
      var left = primary();
      if (peek("in")) {
        p++; take("[");
        var list = [];
        if (!peek("]")) { list.push(literal().v); while (peek(",")) { p++; list.push(literal().v); } }
        take("]");
        return { op: "in", a: left, list: list };
      }
      var ops = ["==", "!=", "<=", ">=", "<", ">"];
      for (var i = 0; i < ops.length; i++) {
        if (peek(ops[i])) { p++; return { op: ops[i], a: left, b: primary() }; }
      }
      return left;
    }
    var tree = orExpr();
    if (p !== t.length) throw new Error("trailing");
    return tree;
  }

  // A value: undefined (unanswered), string, number, array (multi) or object (matrix).
  function evaluate(node, answers) {
    function val(n) {
      if (n.op === "lit") return n.v;
      if (n.op === "q") return answers[n.q];
      if (n.op === "fn") {
        var a = answers[n.q];
        if (n.f === "answered") return a !== undefined;
        if (n.f === "count") {
          if (a === undefined) return 0;
          if (Array.isArray(a)) return a.length;
          if (typeof a === "object") return Object.keys(a).length;
          return 1;
        }
        throw new Error("function");
      }
      return evaluate(n, answers);
    }
    function compare(op, x, y) {
      if (x === undefined || y === undefined) return false;
      if (Array.isArray(x)) {
        if (op === "==") return x.indexOf(y) >= 0;
        if (op === "!=") return x.indexOf(y) < 0;
        return false;
      }
      switch (op) {
        case "==": return x === y;
        case "!=": return x !== y;
        case "<": return x < y;
        case "<=": return x <= y;
        case ">": return x > y;
        case ">=": return x >= y;
      }
      return false;
    }
    switch (node.op) {
      case "or": return evaluate(node.a, answers) === true || evaluate(node.b, answers) === true;
      case "and": return evaluate(node.a, answers) === true && evaluate(node.b, answers) === true;
      case "not": return evaluate(node.a, answers) !== true;
      case "in": {
        var x = val(node.a);
        if (x === undefined) return false;
        var xs = Array.isArray(x) ? x : [x];
        return xs.some(function (v) { return node.list.indexOf(v) >= 0; });
      }
      case "==": case "!=": case "<": case "<=": case ">": case ">=":
        return compare(node.op, val(node.a), val(node.b));
      default: return val(node);
    }
  }

  // ---- reading the page's answers ----------------------------------------------------------
  function pageValue(block) {
    var type = block.getAttribute("data-type");
    var inputs = block.querySelectorAll("input, textarea");
    var i, out;
    if (type === "single_choice" || type === "likert") {
      for (i = 0; i < inputs.length; i++) if (inputs[i].checked) return inputs[i].value;
      return undefined;
    }
    if (type === "multi_choice") {
      out = [];
      for (i = 0; i < inputs.length; i++) if (inputs[i].checked) out.push(inputs[i].value);
      return out.length ? out : undefined;
    }
    if (type === "matrix") {
      out = {};
      var any = false;
      for (i = 0; i < inputs.length; i++) {
        if (inputs[i].checked) { out[inputs[i].name.slice(inputs[i].name.indexOf(".") + 1)] = inputs[i].value; any = true; }
      }
      return any ? out : undefined;
    }
    if (!inputs.length) return undefined;
    var text = inputs[0].value.trim();
    if (text === "") return undefined;
    if (type === "number") return formNumber(text, document.documentElement.lang);
    return text;
  }

  // A typed number read as the server reads it (parse_form_number in
  // engine/answers/scalar_checks.cpp): "2,5", "12 500" (any kind of space, all the same), and in
  // English "12,500"; undefined for what the server would call not a number.
  function formNumber(text, lang) {
    var sep = lang === "en" ? "[ \u00a0\u202f\u2009,]" : "[ \u00a0\u202f\u2009]";
    var m = new RegExp("^([-\u2212]?)(?:([1-9]\\d{0,2})((" + sep + ")\\d{3}(?:\\4\\d{3})*)" +
                       "|(\\d*))(?:([.,])(\\d*))?$").exec(text);
    if (!m || (m[4] === "," && m[6] === ",")) return undefined;
    var whole = m[2] !== undefined ? m[2] + m[3].split(m[4]).join("") : m[5];
    var fraction = m[7] || "";
    if (whole === "" && fraction === "") return undefined;
    return Number((m[1] ? "-" : "") + (whole || "0") + "." + (fraction || "0"));
  }

  function enableShowIf(form) {
    var blocks = form.querySelectorAll("[data-question]");
    if (!blocks.length) return;
    var earlier;
    try { earlier = JSON.parse(form.getAttribute("data-answers") || "{}"); } catch (e) { return; }
    var parsed = [];
    for (var i = 0; i < blocks.length; i++) {
      var source = blocks[i].getAttribute("data-show-if");
      var tree = null;
      if (source) {
        try { tree = parse(source); } catch (e) { return; }  // leave it all to the server
      }
      // Only what the server hid is toggled: a question the server shows stays (were this
      // evaluator ever to disagree with the server, the respondent is still never stuck).
      parsed.push({ block: blocks[i], id: blocks[i].getAttribute("data-question"),
                    tree: blocks[i].hidden ? tree : null });
    }
    function shownField(id) {
      return form.querySelector('input[type=hidden][name=shown][value="' + id + '"]');
    }
    function update() {
      // Answers in document order: this page's questions replace what earlier posts stored.
      var answers = {};
      Object.keys(earlier).forEach(function (k) { answers[k] = earlier[k]; });
      parsed.forEach(function (q) { delete answers[q.id]; });
      parsed.forEach(function (q) {
        var visible = q.tree ? evaluate(q.tree, answers) === true : true;
        q.block.hidden = !visible;
        var controls = q.block.querySelectorAll("input, textarea");
        for (var j = 0; j < controls.length; j++) controls[j].disabled = !visible;
        var field = shownField(q.id);
        if (visible && !field) {
          field = document.createElement("input");
          field.type = "hidden"; field.name = "shown"; field.value = q.id;
          form.appendChild(field);
        } else if (!visible && field) {
          field.parentNode.removeChild(field);
        }
        if (visible) {
          var v = pageValue(q.block);
          if (v !== undefined) answers[q.id] = v;
        }
      });
    }
    form.addEventListener("change", update);
    form.addEventListener("input", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
    var forms = document.querySelectorAll("form.survey-form");
    Array.prototype.forEach.call(forms, function (form) {
      enableShowIf(form);
      form.addEventListener("submit", function (event) {
        var clicked = event.submitter;
        if (clicked && clicked.name) {
          // A disabled button is not sent: carry its value in a hidden field.
          var carry = document.createElement("input");
          carry.type = "hidden";
          carry.name = clicked.name;
          carry.value = clicked.value;
          form.appendChild(carry);
        }
        window.setTimeout(function () {
          Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) {
            b.disabled = true;
          });
        }, 0);
      });
    });
  });
})();
