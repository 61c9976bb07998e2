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

// Alt+N: the "next step" button (closes the open step, opens the next one).
// A modifier key, so typing in a field never moves the meeting on.
(function () {
  'use strict';
  document.addEventListener('keydown', function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey || event.code !== 'KeyN') return;
    var next = document.getElementById('next-step');
    if (!next) return;
    event.preventDefault();
    next.click();
  });
})();
