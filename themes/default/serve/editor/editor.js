// The editor's one script, and nothing in it is needed: without it every field shows and the
// form posts as usual. With it, an error summary takes the focus (so a screen reader reads it
// first), the fields only some kinds use are hidden for the others, as are the per-area choices
// for areas not ticked, and Ctrl+S (Cmd+S on a Mac) presses Save.
(() => {
  const summary = document.querySelector('[data-module="error-summary"]');
  if (summary) summary.focus();
  const form = document.querySelector('form');
  if (!form) return;
  const update = () => {
    const kind = form.querySelector('input[name="kind"]:checked');
    const uses = kind ? kind.dataset.uses.split(' ') : null;
    for (const block of form.querySelectorAll('.ed-conditional')) {
      block.hidden = uses !== null && !uses.includes(block.dataset.for);
    }
    const ticked = [...form.querySelectorAll('input[name="areas"]:checked')].map((a) => a.value);
    for (const one of form.querySelectorAll('.ed-per-area')) {
      const select = one.querySelector('select');
      one.hidden = !ticked.includes(one.dataset.area) && !(select && select.value);
    }
  };
  form.addEventListener('change', update);
  update();
  const save = form.querySelector('button[value="save"]');
  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's' && save) {
      event.preventDefault();
      form.requestSubmit(save);
    }
  });
})();
