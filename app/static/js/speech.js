// Read-aloud: a "listen" button reads aloud, with the phone's own speech (Web
// Speech API) in the page's language, what stands just before it: a question
// (the page carries those, macros/listen.html) or an answer choice (this file
// puts one beside each, so pages and answer replies stay small). Only an
// on-device voice is used (localService), so the text never leaves the phone;
// where the phone has none for the language, no listen button shows.
// offline.js loads this file once the phone has a voice at all and the page a
// listen button, so other phones never fetch it.
(function () {
  'use strict';
  var synth = window.speechSynthesis;
  if (!synth || window.__speechReady) return;
  window.__speechReady = true;
  var lang = (document.documentElement.lang || '').toLowerCase();

  function primary(tag) { return String(tag || '').toLowerCase().replace('_', '-').split('-')[0]; }

  // The phone's own voice for the page's language: its regional variant first.
  function voice() {
    var mine = synth.getVoices().filter(function (v) {
      return v.localService && primary(v.lang) === primary(lang);
    });
    var exact = mine.filter(function (v) { return String(v.lang).toLowerCase().replace('_', '-') === lang; });
    return exact[0] || mine.filter(function (v) { return v.default; })[0] || mine[0] || null;
  }

  // the answer choices of resident screens: tap buttons and labelled options
  var CHOICES = '.answer-buttons > button, .barrier-buttons > button, ' +
    'fieldset.choices > label.choice, .checkbox-list > li > label.choice';

  // Beside each choice a copy of the page's listen button, both in one `.with-listen`.
  function pair(root) {
    var model = document.querySelector('.listen');
    if (!model) return;
    root.querySelectorAll(CHOICES).forEach(function (choice) {
      var wrap = document.createElement('span');
      wrap.className = 'with-listen';
      choice.parentNode.insertBefore(wrap, choice);
      wrap.appendChild(choice);
      wrap.appendChild(model.cloneNode(false));
    });
  }

  function reveal(root) {
    var speaks = voice() !== null;
    if (speaks) pair(root);
    document.querySelectorAll('.listen').forEach(function (button) {
      button.hidden = !speaks;
    });
  }

  // What a screen reader would say: a pictogram by its name, words hidden from
  // screen readers (they repeat the pictogram's name) and listen buttons left out.
  function words(node) {
    if (node.nodeType === Node.TEXT_NODE) return node.nodeValue;
    if (node.nodeType !== Node.ELEMENT_NODE) return '';
    if (node.classList.contains('listen') || node.getAttribute('aria-hidden') === 'true') return '';
    if (node.namespaceURI === 'http://www.w3.org/2000/svg') return ' ' + (node.getAttribute('aria-label') || '') + ' ';
    var text = '';
    node.childNodes.forEach(function (child) { text += words(child); });
    return text;
  }

  document.addEventListener('click', function (evt) {
    var button = evt.target.closest && evt.target.closest('.listen');
    if (!button) return;
    var target = button.previousElementSibling;
    var chosen = voice();
    if (!target || !chosen) return;
    var text = words(target).replace(/\s+/g, ' ').trim();
    if (!text) return;
    synth.cancel();
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = chosen.lang;
    try { utterance.voice = chosen; } catch (e) { /* not one of the browser's own voice objects: lang chooses */ }
    button.classList.add('speaking');
    utterance.onend = utterance.onerror = function () { button.classList.remove('speaking'); };
    synth.speak(utterance);
  });
  // Voices arrive late on many phones; new fragments bring new buttons.
  synth.addEventListener('voiceschanged', function () { reveal(document.body); });
  document.body.addEventListener('htmx:load', function (evt) { reveal(evt.target); });
  reveal(document.body);
})();
