// Citizens' forms on slow phone connections.
// * A refused form's list of what to correct is focused.
// * A second tap while the first send is still on its way sends nothing more, and the button says
//   the form is being sent (the server also makes one record of a form sent twice).
// * A photo larger than the form accepts is refused at the field as soon as it is chosen, before
//   a long upload ends on an error page (the server checks it again).
(function () {
  // After a refused submit, the list of what to correct (its links go to the fields) is read out
  // and scrolled to, however far down the long form the mistake is.
  var summary = document.getElementById('ringkasan-galat');
  if (summary) { summary.focus(); }

  function reset(form) {
    form.removeAttribute('data-sending');
    form.querySelectorAll('button[aria-busy]').forEach(function (button) {
      button.removeAttribute('aria-busy');
      if (button.getAttribute('data-label')) { button.textContent = button.getAttribute('data-label'); }
    });
  }
  document.querySelectorAll('form[method="post"], form[method="POST"]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (form.getAttribute('data-sending')) { event.preventDefault(); return; }
      form.setAttribute('data-sending', '1');
      var button = event.submitter || form.querySelector('button[type="submit"], button:not([type])');
      if (button && button.tagName === 'BUTTON') {
        button.setAttribute('aria-busy', 'true');
        button.setAttribute('data-label', button.textContent);
        button.textContent = 'Mengirim…';
      }
      window.setTimeout(function () { reset(form); }, 20000);  // no answer yet: let them try again
    });
  });
  window.addEventListener('pageshow', function () {  // back to this page from the browser's cache
    document.querySelectorAll('form[data-sending]').forEach(reset);
  });
  document.querySelectorAll('input[type="file"][data-max-bytes]').forEach(function (input) {
    input.addEventListener('change', function () {
      var limit = Number(input.getAttribute('data-max-bytes'));
      var file = input.files && input.files[0];
      var field = input.closest('.field');
      var note = field.querySelector('.error-size');
      if (file && file.size > limit) {
        input.value = '';
        if (!note) {
          note = document.createElement('p');
          note.className = 'error error-size';
          note.setAttribute('role', 'alert');
          field.appendChild(note);
        }
        note.textContent = input.getAttribute('data-size-message');
        field.classList.add('has-error');
      } else if (note) {
        note.remove();
        field.classList.remove('has-error');
      }
    });
  });

  // A part of a form that only one answer needs (data-shown-when="outcome=bekerja"): hidden until
  // that answer is chosen, so a person still looking for work sees only what they must fill in.
  document.querySelectorAll('[data-shown-when]').forEach(function (part) {
    var rule = part.getAttribute('data-shown-when').split('=');
    var radios = part.form ? part.form.querySelectorAll('input[name="' + rule[0] + '"]')
                           : document.querySelectorAll('input[name="' + rule[0] + '"]');
    function update() {
      var chosen = Array.prototype.some.call(radios, function (r) { return r.checked && r.value === rule[1]; });
      part.hidden = !chosen;
    }
    radios.forEach(function (r) { r.addEventListener('change', update); });
    update();
  });
})();
