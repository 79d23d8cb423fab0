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

// Behaviour lives here, not in the markup: the Content-Security-Policy refuses inline handlers,
// style attributes and javascript: URLs (settings.CONTENT_SECURITY_POLICY).

// A form with data-confirm asks before it submits (结束专项工作).
document.addEventListener("submit", function (event) {
  const message = event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});

// A button with data-qf-back goes back a page (a form's 取消).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-qf-back]")) window.history.back();
});

// Login page: a demo account fills in its username and the shared demo password.
document.addEventListener("click", function (event) {
  const account = event.target.closest("#demo-accounts [data-username]");
  if (!account) return;
  document.getElementById("id_username").value = account.dataset.username;
  document.getElementById("id_password").value = account.closest("#demo-accounts").dataset.password;
});

// A progress bar takes its width from data-qf-percent, on the first page and after every htmx swap.
htmx.onLoad(function (content) {
  const bars = Array.from(content.querySelectorAll("[data-qf-percent]"));
  if (content.matches("[data-qf-percent]")) bars.push(content);
  bars.forEach(function (bar) { bar.style.width = bar.dataset.qfPercent + "%"; });
});

// A button with data-qf-print prints the page (账号通知单).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-qf-print]")) window.print();
});
