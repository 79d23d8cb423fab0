// Org tree: a toggle loads the children with htmx when opened and forgets them when closed.
document.addEventListener("click", function (event) {
  const button = event.target.closest("button.qf-toggle");
  if (!button) return;
  const subtree = button.parentElement.querySelector(":scope > .qf-subtree");
  const open = button.getAttribute("aria-expanded") === "true";
  button.setAttribute("aria-expanded", String(!open));
  button.textContent = open ? "＋" : "－";
  if (open) {
    subtree.innerHTML = "";
  } else {
    htmx.trigger(button, "qf-expand");
  }
});
