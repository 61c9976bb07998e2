// The projector screen pages through a step that does not fit: each
// [data-page-item] of #screen-step is on one page, as many as fit below each
// other without scrolling; a [data-page-group] shows while one of its items
// does. Pages turn by themselves, or with the arrow and page keys. A refetch
// of the same step keeps its page; another step starts on the first.
(function () {
  'use strict';
  var SECONDS = 12;
  var pages = [[]];
  var page = 0;
  var shown = null;  // data-screen-step of the step the pages belong to
  var root = document.documentElement;

  function step() { return document.getElementById('screen-step'); }
  function items() { return Array.prototype.slice.call(step().querySelectorAll('[data-page-item]')); }

  function fits() { return root.scrollHeight <= window.innerHeight; }

  function show(list) {
    var on = new Set(list);
    items().forEach(function (item) { item.hidden = !on.has(item); });
    step().querySelectorAll('[data-page-group]').forEach(function (group) {
      group.hidden = !group.querySelector('[data-page-item]:not([hidden])');
    });
  }

  // As many items as fit, in order; an item taller than the screen on its own.
  function paginate() {
    var all = items();
    pages = [];
    show(all);
    if (fits()) {
      pages.push(all);
      return;
    }
    var start = 0;
    while (start < all.length) {
      var end = start + 1;
      while (end < all.length) {
        show(all.slice(start, end + 1));
        if (!fits()) break;
        end += 1;
      }
      pages.push(all.slice(start, end));
      start = end;
    }
    if (!pages.length) pages = [[]];
  }

  function label() {
    var where = step().querySelector('[data-page-label]');
    if (!where) return;
    var text = step().dataset.pageText || '';
    where.textContent = pages.length > 1
      ? text.replace('{page}', page + 1).replace('{pages}', pages.length) : '';
    root.dataset.pages = String(pages.length);
    root.dataset.page = String(page + 1);
  }

  function turn(by) {
    if (pages.length < 2) return;
    page = (page + by + pages.length) % pages.length;
    show(pages[page]);
    label();
  }

  function layout() {
    if (!step()) return;
    var current = step().dataset.screenStep;
    if (current !== shown) page = 0;
    shown = current;
    paginate();
    page = Math.min(page, pages.length - 1);
    show(pages[page]);
    label();
  }

  document.body.addEventListener('htmx:afterSettle', layout);
  var pending = false;
  window.addEventListener('resize', function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; layout(); });
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'ArrowRight' || event.key === 'PageDown') turn(1);
    else if (event.key === 'ArrowLeft' || event.key === 'PageUp') turn(-1);
  });
  window.setInterval(function () { turn(1); }, SECONDS * 1000);
  layout();
})();
