/* The "now serving" board refreshes itself every 10 s from /antrean/layar.json: the numbers, the
   notice of a day without service, and the place of the booking looked up on this device. */
(function () {
  "use strict";
  var board = document.querySelector(".q-board");
  if (!board || !window.fetch) { return; }
  var source = board.getAttribute("data-source");
  var current = document.getElementById("nomor-dipanggil");
  var others = document.getElementById("dipanggil-lain");
  var waiting = document.getElementById("jumlah-menunggu");
  var served = document.getElementById("selesai");
  var clock = document.getElementById("jam");
  var closed = document.getElementById("tutup");
  var position = document.getElementById("posisi-keterangan");

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function tick() {
    if (!clock) { return; }
    // WIB is UTC+7 all year (no daylight saving time).
    var d = new Date(Date.now() + 7 * 3600 * 1000);
    clock.textContent = pad(d.getUTCHours()) + "." + pad(d.getUTCMinutes());
  }

  function render(data) {
    var calling = data.dipanggil || [];
    current.textContent = calling.length ? calling[0].nomor : "\u2014";
    while (others.firstChild) { others.removeChild(others.firstChild); }
    calling.slice(1).forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = item.nomor;
      others.appendChild(li);
    });
    waiting.textContent = data.menunggu;
    served.textContent = (data.selesai && data.selesai.length) ? data.selesai.join(", ") : "\u2014";
    if (closed) {
      closed.textContent = data.tutup || "";
      closed.hidden = !data.tutup;
    }
    if (position) {
      // null: hidden from another tab, or the day it was looked up is over; another tab may also
      // have looked up another code, so the number and day are refreshed with the answer
      if (data.posisi) {
        document.getElementById("posisi-nomor").textContent = data.posisi.nomor;
        document.getElementById("posisi-tanggal").textContent = data.posisi.tanggal;
        position.textContent = data.posisi.keterangan;
      }
      document.getElementById("posisi-blok").hidden = !data.posisi;
    }
  }

  function refresh() {
    fetch(source, { cache: "no-store", credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { render(data); } })
      .catch(function () { /* keep the last numbers; try again on the next tick */ });
  }

  setInterval(refresh, 10000);
  setInterval(tick, 15000);
})();
