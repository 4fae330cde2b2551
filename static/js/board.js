// Drag-and-drop on the pipeline board. Each card also has a stage select and a Move button,
// so the board works with the keyboard and without this file.
(function () {
  "use strict";
  let dragged = null;

  document.addEventListener("dragstart", (event) => {
    const card = event.target.closest && event.target.closest(".board-card");
    if (!card) return;
    dragged = card;
    card.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.employer);
  });

  document.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    document.querySelectorAll(".board-column.drop-target").forEach((c) => c.classList.remove("drop-target"));
  });

  document.addEventListener("dragover", (event) => {
    const column = event.target.closest && event.target.closest(".board-column");
    if (!column || !dragged) return;
    event.preventDefault();
    column.classList.add("drop-target");
  });

  document.addEventListener("dragleave", (event) => {
    const column = event.target.closest && event.target.closest(".board-column");
    if (column && !column.contains(event.relatedTarget)) column.classList.remove("drop-target");
  });

  document.addEventListener("drop", (event) => {
    const column = event.target.closest && event.target.closest(".board-column");
    if (!column || !dragged) return;
    event.preventDefault();
    const form = dragged.querySelector("form.card-move");
    if (!form || dragged.closest(".board-column") === column) return;
    form.querySelector("select[name=stage]").value = column.dataset.stage;
    form.requestSubmit();
  });
})();
