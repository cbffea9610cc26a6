// The editor's one script, and nothing in it is needed: without it every field shows and the
// form posts as usual. With it, an error summary takes the focus (so a screen reader reads it
// first), the fields only some kinds use are hidden for the others, as are the per-area choices
// for areas not ticked, Ctrl+S (Cmd+S on a Mac) presses Save, and a live preview beside the form
// shows the page as it would be, made again (by the server, with the build's own code) a moment
// after each change.
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
  const live = document.getElementById('ed-live');
  if (live) {
    live.hidden = false;
    const status = live.querySelector('.ed-live-status');
    const shown = live.querySelector('.ed-preview-page');
    let timer = null;
    const refresh = async () => {
      const data = new FormData(form);
      data.delete('new-document-file');
      data.set('action', 'preview');
      try {
        // The buttons are named "action", which hides the form's own `action` property.
        const reply = await fetch(form.getAttribute('action'), { method: 'POST', body: data, credentials: 'same-origin' });
        const page = new DOMParser().parseFromString(await reply.text(), 'text/html');
        const made = page.querySelector('.ed-preview:not(.ed-live) .ed-preview-page');
        if (made) {
          shown.innerHTML = made.innerHTML;
          status.textContent = '';
        } else {
          const problems = [...page.querySelectorAll('.ed-error-list li')].map((li) => li.textContent.trim());
          status.textContent = problems.length === 0 ? 'The preview could not be made: press Preview instead.'
            : problems.length === 1 ? `The preview shows once this is fixed: ${problems[0]}`
              : `The preview shows once these ${problems.length} problems are fixed. The first: ${problems[0]}`;
        }
      } catch {
        status.textContent = 'The preview could not be made: press Preview instead.';
      }
    };
    form.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, 600);
    });
    // The Preview button's page already holds a preview: it moves here rather than show twice.
    const made = document.querySelector('.ed-preview:not(.ed-live)');
    if (made) {
      shown.innerHTML = made.querySelector('.ed-preview-page').innerHTML;
      made.remove();
    } else {
      refresh();
    }
  }
  const save = form.querySelector('button[value="save"]');
  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's' && save) {
      event.preventDefault();
      form.requestSubmit(save);
    }
  });
})();
