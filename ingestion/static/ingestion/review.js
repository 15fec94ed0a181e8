// Report ingestion: "select all" for the rows of the review table (no inline script: CSP).
document.addEventListener("DOMContentLoaded", () => {
  const all = document.querySelector("#candidates .select-all");
  if (!all) return;
  all.addEventListener("change", () => {
    document
      .querySelectorAll("#candidates input[type=checkbox][name$='-selected']")
      .forEach((box) => { box.checked = all.checked; });
  });
});
