// "Copy the link": a button with data-copy="<id of a field>" copies the field's
// value and says so in the [data-copy-status] beside it.
(function () {
  'use strict';
  document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-copy]');
    if (!button) return;
    var field = document.getElementById(button.dataset.copy);
    var status = button.closest('div').parentNode.querySelector('[data-copy-status]');
    function say(ok) {
      if (status) status.textContent = ok ? status.dataset.copied : status.dataset.notCopied;
    }
    field.select();
    var copying = navigator.clipboard
      ? navigator.clipboard.writeText(field.value) : Promise.reject(new Error('no clipboard'));
    copying.then(function () { say(true); }, function () {
      say(document.execCommand && document.execCommand('copy'));
    });
  });
})();
