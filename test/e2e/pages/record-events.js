// Every event the element fires, with its detail, for the test to read back.
window.uploadEvents = [];
for (const type of [
  'upload-added',
  'upload-start',
  'upload-progress',
  'upload-paused',
  'upload-resumed',
  'upload-success',
  'upload-error',
  'upload-restored',
  'upload-cancelled',
  'upload-background',
  'background-unavailable',
  'queue-complete',
]) {
  document.addEventListener(type, (event) => {
    window.uploadEvents.push({
      type,
      at: performance.now(),
      detail: JSON.parse(JSON.stringify(event.detail ?? null)),
    });
  });
}
// Long tasks on the main thread (> 50 ms), counted from page load.
window.longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    window.longTasks.push({ start: entry.startTime, duration: entry.duration });
}).observe({ type: 'longtask', buffered: true });
