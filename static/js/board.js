// Board: progressive enhancement only. Every form here also works without this file.
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  var DRAFT_PREFIX = "board-draft:";
  var DRAFT_DELAY_MS = 400; // save after a short pause in typing, not on every keystroke

  function ready(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  // ---------- Votes in place ----------

  var VOTE_TITLES = {
    up: ["Upvote: a good contribution", "Retract your upvote"],
    down: ["Downvote: not a useful contribution", "Retract your downvote"]
  };

  function csrfToken(form) {
    var field = form.querySelector('input[name="csrf_token"]');
    if (field) return field.value;
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function submitPlainly(form, value) {
    // Let the server's page explain (sign in, rate limit, expired form...).
    var hidden = form.querySelector('input[type="hidden"][name="value"]');
    if (!hidden) {
      hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "value";
      form.appendChild(hidden);
    }
    hidden.value = value;
    form.querySelectorAll('button[name="value"]').forEach(function (b) {
      b.removeAttribute("name"); // only the hidden input carries the value
    });
    HTMLFormElement.prototype.submit.call(form);
  }

  function showVote(form, state) {
    var score = form.querySelector("[data-score]");
    if (score) score.textContent = String(state.score);
    var up = form.querySelector(".vote__button--up");
    var down = form.querySelector(".vote__button--down");
    if (up) {
      var upOn = state.my_vote === 1;
      up.classList.toggle("is-active", upOn);
      up.setAttribute("aria-pressed", upOn ? "true" : "false");
      up.value = upOn ? "0" : "1";
      up.title = VOTE_TITLES.up[upOn ? 1 : 0];
    }
    if (down) {
      var downOn = state.my_vote === -1;
      down.classList.toggle("is-active", downOn);
      down.setAttribute("aria-pressed", downOn ? "true" : "false");
      down.value = downOn ? "0" : "-1";
      down.title = VOTE_TITLES.down[downOn ? 1 : 0];
    }
  }

  function onVote(event) {
    sendInPlace(event, showVote);
  }

  // Send a form of value buttons (votes, agreement) as JSON and show the answer in place.
  function sendInPlace(event, show) {
    var form = event.target;
    var button = event.submitter;
    if (!button || button.name !== "value" || !window.fetch || !window.FormData) return;
    event.preventDefault();
    if (form.classList.contains("is-busy")) return;
    var value = button.value;
    var body = new FormData(form);
    body.set("value", value);
    form.classList.add("is-busy");
    form.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken(form) },
      body: body,
      credentials: "same-origin"
    })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (state) {
        show(form, state);
        form.classList.remove("is-busy");
        form.removeAttribute("aria-busy");
      })
      .catch(function () {
        form.classList.remove("is-busy");
        form.removeAttribute("aria-busy");
        submitPlainly(form, value);
      });
  }

  // ---------- Agreement in place ----------

  var AGREE_TITLES = {
    agree: ["I agree with this", "Take back your agreement"],
    disagree: ["I disagree with this", "Take back your disagreement"]
  };

  function showAgreement(form, state) {
    var counts = { agree: state.agrees, disagree: state.disagrees };
    ["agree", "disagree"].forEach(function (side) {
      var button = form.querySelector(".agreement__button--" + side);
      if (!button) return;
      var on = state.my_agreement === (side === "agree" ? 1 : -1);
      button.classList.toggle("is-active", on);
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.value = on ? "0" : (side === "agree" ? "1" : "-1");
      button.title = AGREE_TITLES[side][on ? 1 : 0];
      var count = button.querySelector(side === "agree" ? "[data-agrees]" : "[data-disagrees]");
      if (count) count.textContent = String(counts[side]);
    });
  }

  function onAgree(event) {
    sendInPlace(event, showAgreement);
  }

  // ---------- Quote a selection ----------

  var QUOTE_MAX = 2000; // characters; the server keeps no more (QUOTE_MAX in board/web/comments.py)
  // The selection travels in the URL; gunicorn refuses request lines over 4094 bytes.
  var QUOTE_URL_MAX = 3000;
  var pendingQuote = null; // the selection when the pointer went down on a Quote link

  function selectionIn(commentId) {
    var selection = window.getSelection ? window.getSelection() : null;
    if (!selection || selection.isCollapsed || !selection.rangeCount) return "";
    var body = document.querySelector("#" + commentId + " > details > .comment__content > .prose");
    if (!body || !body.contains(selection.getRangeAt(0).commonAncestorContainer)) return "";
    var text = selection.toString().trim().slice(0, QUOTE_MAX);
    while (text && encodeURIComponent(text).length > QUOTE_URL_MAX) {
      text = text.slice(0, Math.floor(text.length * 0.9));
    }
    return text;
  }

  function quoteLink(event) {
    var el = event.target;
    return el && el.closest ? el.closest("a[data-quote]") : null;
  }

  function onQuotePointer(event) {
    // Pressing a link can clear the selection before the click: remember it first.
    var link = quoteLink(event);
    pendingQuote = link ? { link: link, text: selectionIn(link.getAttribute("data-quote")) } : null;
  }

  function onQuoteClick(event) {
    var link = quoteLink(event);
    if (!link) return;
    var text = selectionIn(link.getAttribute("data-quote"));
    if (!text && pendingQuote && pendingQuote.link === link) text = pendingQuote.text;
    pendingQuote = null;
    if (!text) return; // nothing selected here: the link quotes the whole comment
    event.preventDefault();
    var url = new URL(link.href, window.location.href);
    url.searchParams.set("text", text);
    window.location.assign(url.toString());
  }

  // ---------- Confirmations and auto-submit ----------

  function onConfirm(event) {
    var text = event.target.getAttribute("data-confirm");
    if (text && !window.confirm(text)) event.preventDefault();
  }

  function onAutosubmit(event) {
    var select = event.target;
    var form = select.form;
    if (!form) return;
    if (form.requestSubmit) form.requestSubmit();
    else form.submit();
  }

  // ---------- Drafts ----------

  function draftFields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      if (!el.name) return false;
      if (el.tagName === "TEXTAREA") return true;
      return el.tagName === "INPUT" && (el.type === "text" || el.type === "search" ||
        el.type === "url" || el.type === "email");
    });
  }

  function storage() {
    try {
      var s = window.localStorage;
      var probe = DRAFT_PREFIX + "probe";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (e) {
      return null; // private mode or storage disabled: drafts are a nicety
    }
  }

  function setUpDraft(form, store) {
    var key = DRAFT_PREFIX + form.getAttribute("data-draft") + ":";
    var fields = draftFields(form);
    var timer = null;

    fields.forEach(function (el) {
      var saved = store.getItem(key + el.name);
      if (saved !== null && el.value === "") el.value = saved;
    });

    function save() {
      timer = null;
      fields.forEach(function (el) {
        try {
          if (el.value === "") store.removeItem(key + el.name);
          else store.setItem(key + el.name, el.value);
        } catch (e) { /* quota full: keep typing, lose only the draft */ }
      });
    }

    form.addEventListener("input", function () {
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, DRAFT_DELAY_MS);
    });

    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) return;
      if (timer) clearTimeout(timer);
      timer = null;
      // A preview posts the form too but keeps editing: keep the draft until it is published.
      if (event.submitter && event.submitter.name === "preview") return;
      fields.forEach(function (el) { store.removeItem(key + el.name); });
    });
  }

  // ---------- Wiring ----------

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.hasAttribute("data-confirm")) onConfirm(event);
    if (event.defaultPrevented) return;
    if (form.hasAttribute("data-vote")) onVote(event);
    if (form.hasAttribute("data-agree")) onAgree(event);
  }, true);

  document.addEventListener("mousedown", onQuotePointer, true);
  document.addEventListener("click", onQuoteClick);

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit")) onAutosubmit(event);
  });

  ready(function () {
    var store = storage();
    if (!store) return;
    document.querySelectorAll("form[data-draft]").forEach(function (form) {
      setUpDraft(form, store);
    });
  });
})();
