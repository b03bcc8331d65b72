// Share bar behaviour: copy the article's link, and offer the device's own share sheet where the
// browser has one (navigator.share). First-party and tiny: no third-party script on any page.
//
// Copying keeps the reader's place (issue 14): focus is back on the "Copy link" button whichever
// way the copy went (the fallback selects a temporary field, which takes focus). "Link copied"
// goes after a few seconds; "Copy this link: …", which holds the address the reader must copy by
// hand, stays until they close it, press Escape in the share bar or move focus out of it. Each
// press replaces the message and its timer, so a second press is never cleared by the first's.
(function () {
  "use strict";
  var bar = document.querySelector("[data-share]");
  var status = document.querySelector("[data-share-status]");
  var close = document.querySelector("[data-share-close]");
  var copy = document.querySelector("[data-share-copy]");
  var timer = 0;
  var SUCCESS_MS = 4000;

  function clear() {
    window.clearTimeout(timer);
    timer = 0;
    if (status) status.textContent = "";
    if (close) close.hidden = true;
  }

  /** A message that goes by itself after a few seconds (nothing the reader must act on). */
  function sayBriefly(message) {
    clear();
    if (!status) return;
    status.textContent = message;
    timer = window.setTimeout(clear, SUCCESS_MS);
  }

  /** The address to copy by hand: stays until the reader closes it or moves on. */
  function sayUntilDismissed(message, url) {
    clear();
    if (!status) return;
    status.appendChild(document.createTextNode(message + " "));
    var address = document.createElement("span");
    address.className = "share__url";
    address.textContent = url;
    status.appendChild(address);
    if (close) close.hidden = false;
  }

  function copyWithSelection(text) {
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.top = "0";
    field.style.opacity = "0";
    document.body.appendChild(field);
    field.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(field);
    return ok;
  }

  function backToButton() {
    if (copy && document.activeElement !== copy) copy.focus({ preventScroll: true });
  }

  if (copy) {
    copy.addEventListener("click", function () {
      var url = copy.getAttribute("data-url") || window.location.href;
      var done = function () { backToButton(); sayBriefly("Link copied"); };
      var fallback = function () {
        var ok = copyWithSelection(url);
        backToButton();
        if (ok) sayBriefly("Link copied"); else sayUntilDismissed("Copy this link:", url);
      };
      if (navigator.clipboard && typeof navigator.clipboard.writeText === "function" && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(done, fallback);
      } else {
        fallback();
      }
    });
  }

  if (close) {
    close.addEventListener("click", function () { clear(); backToButton(); });
  }

  if (bar) {
    bar.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && status && status.textContent) {
        var inMessage = close && document.activeElement === close;
        clear();
        if (inMessage) backToButton();
      }
    });
    // Moving on: focus goes to something outside the share bar. Clicking plain text (to select
    // the address) gives no new focus target (relatedTarget is null) and keeps the message.
    bar.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (next && !bar.contains(next) && close && !close.hidden) clear();
    });
  }

  var native = document.querySelector("[data-share-native]");
  var nativeItem = document.querySelector("[data-share-native-item]");
  if (native && nativeItem && typeof navigator.share === "function") {
    nativeItem.hidden = false;
    native.addEventListener("click", function () {
      navigator.share({ title: native.getAttribute("data-title") || document.title, url: native.getAttribute("data-url") || window.location.href })
        .catch(function () { /* the reader closed the share sheet */ });
    });
  }
})();
