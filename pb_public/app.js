// Placeholder staff app: shows whether the API answers.
fetch('/api/health')
  .then((r) => r.json())
  .then((h) => { document.getElementById('health').textContent = 'Server: ' + h.message; })
  .catch(() => { document.getElementById('health').textContent = 'Server unreachable.'; });
