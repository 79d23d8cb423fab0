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

// 提案/社情民意: the submission form's proof of work (ALTCHA v1; qingfeng/proposals/challenge.py checks it).
// A form with data-pow-url fetches a challenge, finds the n ≤ maxNumber with SHA-256(salt + n) = challenge,
// a thousand hashes at a time with a pause between (the page stays responsive), and writes the solution,
// base64 JSON, into its hidden `altcha` field. Its submit button waits until then. crypto.subtle exists only
// on HTTPS (and localhost): over plain HTTP the page says so instead.
(function () {
  const form = document.querySelector("form[data-pow-url]");
  if (!form) return;
  const field = form.querySelector("input[name=altcha]");
  const button = form.querySelector("button[type=submit]");
  const status = form.querySelector("[data-pow-status]");
  const label = button.textContent;
  const say = function (text, failed) {
    status.textContent = text;
    status.classList.toggle("text-danger", Boolean(failed));
  };
  form.addEventListener("submit", function (event) {
    if (!field.value) event.preventDefault();
  });
  button.disabled = true;
  if (!window.crypto || !window.crypto.subtle) {
    say("请通过 HTTPS 访问本页面后提交", true);
    return;
  }
  button.textContent = "正在进行人机验证…";
  const encoder = new TextEncoder();
  const hex = async function (text) {
    const digest = await window.crypto.subtle.digest("SHA-256", encoder.encode(text));
    return Array.from(new Uint8Array(digest), function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  };
  const solve = async function (challenge) {
    const batch = 1000;
    for (let start = 0; start <= challenge.maxNumber; start += batch) {
      const hashes = [];
      for (let n = start; n < Math.min(start + batch, challenge.maxNumber + 1); n++) {
        hashes.push(hex(challenge.salt + n));
      }
      const found = (await Promise.all(hashes)).indexOf(challenge.challenge);
      if (found >= 0) return start + found;
      await new Promise(function (resolve) { setTimeout(resolve, 0); });
    }
    throw new Error("no solution");
  };
  fetch(form.dataset.powUrl, {credentials: "same-origin", cache: "no-store"})
    .then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    })
    .then(async function (challenge) {
      const number = await solve(challenge);
      field.value = btoa(JSON.stringify({algorithm: challenge.algorithm, challenge: challenge.challenge,
                                         number: number, salt: challenge.salt, signature: challenge.signature}));
      button.disabled = false;
      button.textContent = label;
      say("人机验证已完成，可以提交。");
    })
    .catch(function () {
      button.textContent = label;
      say("人机验证未能完成，请刷新页面后重试", true);
    });
})();
