/* twoway's page script: the installable app's side of every page.
 *
 * - registers the service worker (/sw.js), which keeps the log form for offline use;
 * - gives the log form a fresh idempotency key (a random id) for each entry, so an
 *   entry sent twice is stored once;
 * - offline, keeps a logged entry on this device (IndexedDB), shows it as waiting
 *   to send, and sends it when the network is back;
 * - on logging out, empties that queue and the kept pages first.
 * No other script, nothing inline, nothing from another host. */
(function () {
  "use strict";

  const DB_NAME = "twoway";
  const STORE = "waiting";
  const LOG_URL = "/log/";

  /* --- keys ------------------------------------------------------------------ */

  function newKey() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function fillKeys(root) {
    if (!root || !root.querySelectorAll) return;
    root.querySelectorAll("input[data-client-key]").forEach((input) => {
      if (!input.value) input.value = newKey();
    });
  }

  /* --- the queue on this device -------------------------------------------- */

  function openDb() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function withStore(mode, action) {
    const db = await openDb();
    try {
      return await new Promise((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const request = action(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(request ? request.result : undefined);
        tx.onerror = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  }

  const queue = {
    all: () => withStore("readonly", (s) => s.getAll()),
    put: (entry) => withStore("readwrite", (s) => s.put(entry)),
    remove: (key) => withStore("readwrite", (s) => s.delete(key)),
    clear: () => withStore("readwrite", (s) => s.clear()),
  };

  /* --- what the queue shows ------------------------------------------------- */

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function say(text) {
    const status = document.getElementById("queue-status");
    if (status) status.textContent = text;
  }

  async function show() {
    const box = document.getElementById("offline-queue");
    if (!box) return;
    let entries = [];
    try {
      entries = await queue.all();
    } catch (error) {
      return; // no IndexedDB here (a private window in some browsers): nothing can wait
    }
    const list = box.querySelector("ul");
    list.replaceChildren();
    entries.sort((a, b) => a.made - b.made);
    for (const entry of entries) {
      const item = el("li", { class: "entry waiting" });
      item.append(el("span", { class: "kind" }, entry.summary));
      item.append(el("span", { class: "when" }, entry.when + " · waiting to send"));
      if (entry.problem) item.append(el("span", { class: "notice error" }, entry.problem));
      const drop = el("button", { type: "button", class: "quiet", "data-drop": entry.key }, "Remove");
      drop.setAttribute("aria-label", "Remove " + entry.summary + " from this device");
      item.append(drop);
      list.append(item);
    }
    box.querySelector("h2").textContent =
      plural(entries.length, "entry", "entries") + " waiting to send";
    box.hidden = entries.length === 0;
  }

  /* --- logging offline ------------------------------------------------------ */

  function localNow() {
    const now = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return (
      now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate()) +
      "T" + pad(now.getHours()) + ":" + pad(now.getMinutes())
    );
  }

  function summary(form) {
    const person = form.querySelector("select[name=person]");
    const kind = form.querySelector("input[name=kind]:checked");
    const who = person && person.selectedOptions[0] ? person.selectedOptions[0].textContent : "";
    const what = kind && kind.labels[0] ? kind.labels[0].textContent.trim() : "An entry";
    return who ? what + ", with " + who.trim() : what;
  }

  async function keep(form) {
    fillKeys(form);
    const at = form.querySelector("input[name=at]");
    // Logged now, sent later: the time it happened is now, not when it is sent.
    if (at && !at.value) at.value = localNow();
    const fields = Array.from(new FormData(form)).filter(
      ([name, value]) => name !== "csrfmiddlewaretoken" && typeof value === "string"
    );
    const key = form.querySelector("input[data-client-key]").value;
    const entry = { key, fields, summary: summary(form), when: at ? at.value.replace("T", " ") : "", made: Date.now() };
    await queue.put(entry);
    // Ready for the next one: a new key, an empty note and time.
    form.querySelector("input[data-client-key]").value = newKey();
    const note = form.querySelector("textarea[name=note]");
    if (note) note.value = "";
    if (at) at.value = "";
    say("Kept on this device: " + entry.summary + ". It will be sent when you are back online.");
    await show();
  }

  // Before HTMX sees the submit (capture phase): offline, the entry stays here instead.
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-offline-queue")) return;
      if (navigator.onLine) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      keep(form);
    },
    true
  );

  // Online as far as the browser knew, but the request never reached the server.
  document.addEventListener("htmx:sendError", (event) => {
    const form = event.detail && event.detail.elt;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-offline-queue")) keep(form);
  });

  /* --- sending what waits --------------------------------------------------- */

  function csrfToken() {
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
    if (cookie) return decodeURIComponent(cookie.slice("csrftoken=".length));
    const headers = document.body.getAttribute("hx-headers");
    try {
      return JSON.parse(headers)["X-CSRFToken"];
    } catch (error) {
      return "";
    }
  }

  let sending = false;

  async function send() {
    if (sending || !navigator.onLine) return;
    sending = true;
    let sent = 0;
    try {
      const entries = (await queue.all()).sort((a, b) => a.made - b.made);
      for (const entry of entries) {
        const body = new URLSearchParams(entry.fields);
        body.set("client_key", entry.key);
        let response;
        try {
          response = await fetch(LOG_URL, {
            method: "POST",
            body,
            credentials: "same-origin",
            headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
          });
        } catch (error) {
          break; // still no network: try again when it is back
        }
        if (response.redirected || response.status === 403) {
          say("Log in again to send what is waiting on this device.");
          break;
        }
        if (response.ok) {
          await queue.remove(entry.key);
          sent += 1;
        } else if (response.status === 400) {
          const answer = await response.json().catch(() => ({}));
          entry.problem = "Not sent: " + (answer.detail || "the server refused it.");
          await queue.put(entry);
        } else {
          entry.problem = "Not sent yet (the server answered " + response.status + "); it will be tried again.";
          await queue.put(entry);
        }
      }
    } finally {
      sending = false;
    }
    if (sent) say(plural(sent, "entry", "entries") + " sent.");
    await show();
  }

  /* --- leaving -------------------------------------------------------------- */

  async function clearDevice() {
    await queue.clear().catch(() => undefined);
    if (window.caches) {
      const names = await caches.keys();
      await Promise.all(names.map((name) => caches.delete(name)));
    }
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-clears-device")) return;
    event.preventDefault();
    const waiting = await queue.all().catch(() => []);
    if (
      waiting.length &&
      !window.confirm(plural(waiting.length, "entry is", "entries are") + " still waiting to send and will be lost. Log out anyway?")
    ) {
      return;
    }
    await clearDevice();
    HTMLFormElement.prototype.submit.call(form);
  });

  document.addEventListener("click", async (event) => {
    const button = event.target instanceof Element && event.target.closest("button[data-drop]");
    if (!button) return;
    await queue.remove(button.getAttribute("data-drop"));
    say("Removed from this device.");
    await show();
  });

  /* --- start ---------------------------------------------------------------- */

  document.addEventListener("htmx:load", (event) => fillKeys(event.detail.elt));
  window.addEventListener("online", send);

  function start() {
    fillKeys(document);
    if (document.getElementById("offline-queue")) show().then(send);
    if ("serviceWorker" in navigator && document.body.hasAttribute("data-app")) {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
