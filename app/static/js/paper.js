// Paper pages: the print button, and what a typed ballot reads as, live.
// Without scripts the browser's own print works and the server checks the ballot.
(function () {
  'use strict';
  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.addEventListener('click', function () { window.print(); });
  });

  var input = document.getElementById('ballot-digits');
  var preview = document.getElementById('ballot-preview');
  if (!input || !preview) return;
  var measures = Array.prototype.map.call(
    document.querySelectorAll('#tally-key [data-measure] .key-label'),
    function (label) { return label.textContent.trim(); });
  var boxes = {};
  document.querySelectorAll('#box-key [data-digit]').forEach(function (item) {
    boxes[item.dataset.digit] = item.querySelector('.key-label').textContent.trim();
  });

  function show() {
    var digits = input.value.replace(/\s+/g, '');
    preview.textContent = '';
    measures.forEach(function (name, index) {
      var item = document.createElement('li');
      var digit = digits.charAt(index);
      var known = Object.prototype.hasOwnProperty.call(boxes, digit);
      item.className = digit === '' ? 'preview-open' : (known ? 'preview-known' : 'preview-wrong');
      item.textContent = name + ': ' + (digit === '' ? '…' : (known ? boxes[digit] : digit + ' ?'));
      preview.appendChild(item);
    });
    for (var extra = measures.length; extra < digits.length; extra++) {
      var over = document.createElement('li');
      over.className = 'preview-wrong';
      over.textContent = digits.charAt(extra) + ' ?';
      preview.appendChild(over);
    }
  }
  input.addEventListener('input', show);
  show();
  // Ready for the next ballot: the cursor at the end of what is there.
  input.focus();
  input.setSelectionRange(input.value.length, input.value.length);
})();
