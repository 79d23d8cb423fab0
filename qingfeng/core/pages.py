"""The two patterns every app's views repeat, written once: a form page and a workflow step.

A view still reads top to bottom: it finds its record through the permission rule, builds its form
and says what a valid one leads to:

    @login_required
    def member_edit(request, pk):
        member = get_allowed_or_404(request.user, Member, pk, "change")
        form = MemberForm(request.POST or None, user=request.user, instance=member, branch=member.org)
        return form_page(request, form, done="已保存修改", to="member_detail",
                         org=member.org, title=f"编辑党员「{member.name}」")
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from .workflow import WorkflowError


def form_page(request, form, *, done: str | Callable, to: str | Callable, save: Callable | None = None,
              template: str = "core/form.html", **context):
    """GET shows `form` in `template`; a valid POST saves it and goes on.

    `save(form)` does the work and returns the record it made or changed (default: `form.save()`);
    `done` is the message shown then (or a function of that record); `to` is where the user goes: a URL
    name taking the record's id, or a function of the record returning a URL. A ValidationError from
    `save` lands on the form (on the fields it names), so the user sees why on the page they filled
    and nothing is reported as saved.
    """
    if request.method == "POST" and form.is_valid():
        try:
            record = save(form) if save else form.save()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done(record) if callable(done) else done)
            return redirect(to(record) if callable(to) else reverse(to, args=[record.pk]))
    return render(request, template, {"form": form, **context})


def step(request, workflow, record, name: str, to: str, text: str = "", done: Callable | None = None):
    """Perform the workflow step `name` on `record` as the user, say how it went, and go to the URL `to`.

    `done(record)` words the success (default: 已<the step's label>); a refused step shows the
    workflow's reason. Every POST that moves a record along its workflow ends here.
    """
    try:
        record = workflow.perform(request.user, record, name, text)
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done(record) if done else f"已{workflow.by_name[name].label}")
    return redirect(to)
