// The admin's one script, served as a file (the pages' CSP allows no inline
// script). Every form works without it; it only saves clicks: a filter box
// over the tag and ingredient choices, the choices of a newly chosen owner
// fetched in place, "select all" on a list, and filter addresses without
// the filters left at "All".

function setUpFilters(root) {
  for (const box of root.querySelectorAll('.choice-filter')) {
    box.hidden = false;
    box.addEventListener('input', () => {
      const wanted = box.value.trim().toLowerCase();
      for (const item of box.closest('fieldset').querySelectorAll('li')) {
        item.hidden = wanted !== '' && !item.textContent.toLowerCase().includes(wanted);
      }
    });
  }
}

// The form's fields for the new owner (?owner=), whose tag and ingredient
// boxes replace these; what was typed elsewhere in the form stays. Only the
// fields (fragment=choices): a whole page would take the message meant for
// the next page this browser opens.
async function showChoicesOf(form, owner) {
  const address = new URL(window.location.href);
  address.searchParams.set('owner', owner);
  address.searchParams.set('fragment', 'choices');
  const response = await fetch(address, { credentials: 'same-origin' });
  if (!response.ok) return;
  const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
  for (const id of ['tags-choices', 'ingredients-choices']) {
    const replacement = fresh.getElementById(id);
    const current = form.querySelector(`#${id}`);
    if (replacement === null || current === null) continue;
    current.replaceWith(replacement);
    setUpFilters(replacement);
  }
}

for (const form of document.querySelectorAll('form.recipe-form')) {
  const owner = form.querySelector('select[name="owner"]');
  owner?.addEventListener('change', () => showChoicesOf(form, owner.value));
}

for (const all of document.querySelectorAll('.select-all')) {
  all.hidden = false;
  all.addEventListener('change', () => {
    for (const box of all.closest('table').querySelectorAll('input[name="selected"]')) box.checked = all.checked;
  });
}

// A disabled field is not sent: ?is_staff=no rather than ?is_staff=no&is_active=.
for (const form of document.querySelectorAll('form.filters')) {
  form.addEventListener('submit', () => {
    for (const field of form.querySelectorAll('select')) field.disabled = field.value === '';
  });
}
// Back to this page from the browser's history: the selects work again.
window.addEventListener('pageshow', () => {
  for (const field of document.querySelectorAll('form.filters select')) field.disabled = false;
});

setUpFilters(document);
