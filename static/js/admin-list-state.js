// Staff panel lists: the search and filter forms post to the view's /cari/ endpoint, which answers
// with the list's URL carrying them sealed (admin/list_state.py), so a NIK or a name typed there
// never becomes part of a URL (address bar, history, bookmarks, logs).
(function () {
  var config = document.getElementById('list-state');
  if (!config) { return; }
  document.querySelectorAll('form[role="search"], #filter_form').forEach(function (form) {
    form.method = 'post';
    form.action = config.getAttribute('data-action');
    var token = document.createElement('input');
    token.type = 'hidden';
    token.name = 'csrf_token';
    token.value = config.getAttribute('data-csrf');
    form.appendChild(token);
  });
})();
