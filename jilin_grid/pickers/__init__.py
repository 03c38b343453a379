"""Pickers: choice fields that stay usable however many records the user's area holds.

A domain registers what can be picked (``register_picker`` in its AppConfig.ready(): the model,
the fields a search matches, the order, the label, the filters by another field of the form) and
its forms use ``use_picker``. A field with few choices in the user's area is a plain drop-down;
one with more than ``PICKER_INLINE_LIMIT`` renders only the chosen record, and the browser
(``static/js/picker.js``) searches the rest through ``/pickers/<name>/``, scoped to the user's
area like every list. Either way a field that depends on another (a building on its grid) follows
it: its choices are reloaded when the other changes.
"""
