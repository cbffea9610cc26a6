// Live reload for `sendsite serve`. The preview server adds this script to the pages it sends;
// it is never part of a built site. The server says over server-sent events when the site has
// been rebuilt ("reload"), could not be rebuilt ("failed": the reloaded page shows why), or when
// only stylesheets changed ("css": they are swapped without reloading the page).
(function () {
  "use strict";

  var script = document.currentScript;
  var events = new EventSource(new URL("events", script.src));
  var connected = false;

  events.addEventListener("open", function () {
    // After the server restarts, the page may be stale: reload once it is back.
    if (connected) {
      location.reload();
    }
    connected = true;
  });
  events.addEventListener("reload", function () {
    location.reload();
  });
  events.addEventListener("failed", function () {
    location.reload();
  });
  events.addEventListener("css", function (event) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href);
      url.searchParams.set("sendsite", event.data);
      link.href = url.href;
    });
  });

  var overlay = document.getElementById("sendsite-errors");
  if (overlay) {
    var hide = function () {
      overlay.hidden = true;
      document.removeEventListener("keydown", onKey);
    };
    var onKey = function (event) {
      if (event.key === "Escape") {
        hide();
      }
    };
    document.getElementById("sendsite-errors-dismiss").addEventListener("click", hide);
    document.addEventListener("keydown", onKey);
  }
})();
