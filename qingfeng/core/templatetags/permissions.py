"""`{% shown obj "field" %}`: a sensitive field as the viewing user may read it (permissions.shown)."""

from django import template

from qingfeng.core import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def shown(context, obj, field_name):
    return permissions.shown(context["request"].user, obj, field_name)
