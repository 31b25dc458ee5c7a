// HLS playback: native where the browser has it (Safari, many TVs and phones), else hls.js if
// it was installed into /static/vendor/ (see docs/catalog.md), else a note and the TS download.
"use strict";
(function () {
  const video = document.getElementById("player");
  const note = document.getElementById("player-note");
  if (!video) return;
  const src = video.dataset.src;
  if (video.canPlayType("application/vnd.apple.mpegurl")) {
    video.src = src;
    video.dataset.engine = "native";
    return;
  }
  const script = document.createElement("script");
  script.src = "/static/vendor/hls.min.js";
  script.onload = function () {
    if (window.Hls && window.Hls.isSupported()) {
      const hls = new window.Hls();
      hls.loadSource(src);
      hls.attachMedia(video);
      video.dataset.engine = "hls.js";
    } else {
      note.hidden = false;
      video.dataset.engine = "none";
    }
  };
  script.onerror = function () {
    note.hidden = false;
    video.dataset.engine = "none";
  };
  document.head.appendChild(script);
})();
