// The facilitator's "Add a step" form shows only the chosen kind's questions.
// Without scripts every kind's questions show, and the server reads the chosen one.
(function () {
  'use strict';
  var kind = document.querySelector('select[name="kind"]');
  if (!kind) return;
  function show() {
    document.querySelectorAll('.kind-config').forEach(function (config) {
      config.hidden = config.dataset.kind !== kind.value;
    });
  }
  kind.addEventListener('change', show);
  show();
})();
