"""`{% shown obj "field" %}`: a sensitive field as the viewing user may read it (permissions.shown);
`{% anywhere "action" as flag %}`: whether the viewing user may take that action on any org (a menu entry)."""

from django import template

from qingfeng.core import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def shown(context, obj, field_name):
    return permissions.shown(context["request"].user, obj, field_name)


@register.simple_tag(takes_context=True)
def anywhere(context, action):
    # the user's roles are read once per request: the menu's entries share them with the page
    return permissions.anywhere(context["request"].user, action)
