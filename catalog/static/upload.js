// Resumable upload from the staff page: the chunked API with offsets (see docs/catalog.md).
// Each chunk is PATCHed at the offset the server confirmed; after a network error the script
// asks the server for the confirmed offset and continues from there.
"use strict";
(function () {
  const CHUNK = 1024 * 1024;
  const RETRIES = 8;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;

  function headers(extra) {
    return Object.assign({ "X-CSRF-Token": csrf }, extra || {});
  }

  async function errorText(response) {
    try { return (await response.json()).error.message; } catch (e) { return response.statusText; }
  }

  async function confirmedOffset(id) {
    const r = await fetch("/api/uploads/" + id, { headers: headers(), credentials: "same-origin" });
    if (!r.ok) throw new Error(await errorText(r));
    return (await r.json()).offset;
  }

  async function sendChunk(id, file, offset) {
    const body = file.slice(offset, Math.min(offset + CHUNK, file.size));
    return fetch("/api/uploads/" + id, {
      method: "PATCH", credentials: "same-origin", body: body,
      headers: headers({ "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" }),
    });
  }

  async function upload(form, file, show) {
    const created = await fetch("/api/uploads", {
      method: "POST", credentials: "same-origin",
      headers: headers({ "Content-Type": "application/json" }),
      body: JSON.stringify({ lecture_id: Number(form.dataset.lecture), filename: file.name, size: file.size }),
    });
    if (!created.ok) throw new Error(await errorText(created));
    const id = (await created.json()).id;
    let offset = 0, failures = 0, last = null;
    while (offset < file.size) {
      let response;
      try {
        response = await sendChunk(id, file, offset);
      } catch (networkError) {
        if (++failures > RETRIES) throw networkError;
        await new Promise((ok) => setTimeout(ok, 500 * failures));
        offset = await confirmedOffset(id);
        continue;
      }
      if (!response.ok) throw new Error(await errorText(response));
      last = await response.json();
      offset = last.offset;
      failures = 0;
      show(offset, file.size);
    }
    return last;
  }

  document.querySelectorAll("form.upload").forEach(function (form) {
    const bar = form.querySelector("progress");
    const message = form.querySelector("output");
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      const file = form.querySelector('input[type="file"]').files[0];
      if (!file) return;
      if (file.size > Number(form.dataset.max)) { message.textContent = "413: " + file.size; return; }
      bar.value = 0;
      message.textContent = "…";
      try {
        const done = await upload(form, file, function (sent, total) {
          bar.value = Math.floor((100 * sent) / total);
        });
        message.textContent = done.status + " · SHA-256 " + done.sha256;
        form.dataset.state = done.status;
      } catch (err) {
        message.textContent = err.message;
        form.dataset.state = "failed";
      }
    });
  });
})();
