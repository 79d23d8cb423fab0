from django.urls import path

from . import views, views_accounts, views_roles

urlpatterns = [
    path("orgs/", views.org_tree, name="org_tree"),
    path("orgs/<int:pk>/children/", views.org_children, name="org_children"),
    path("orgs/<int:pk>/", views.org_detail, name="org_detail"),
    path("orgs/<int:pk>/new/", views.org_create, name="org_create"),
    path("orgs/<int:pk>/edit/", views.org_edit, name="org_edit"),
    path("orgs/<int:pk>/move/", views.org_move, name="org_move"),
    path("orgs/<int:pk>/history/", views.org_history, name="org_history"),
    path("orgs/<int:pk>/members/new/", views.member_create, name="member_create"),
    path("orgs/<int:pk>/import/", views.roster_import, name="roster_import"),
    path("roster-template.xlsx", views.roster_template, name="roster_template"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/transfer/", views.member_transfer, name="member_transfer"),
    path("members/<int:pk>/deactivate/", views.member_deactivate, name="member_deactivate"),
    path("members/<int:pk>/history/", views.member_history, name="member_history"),
    path("members/<int:pk>/account/", views_accounts.member_account, name="member_account"),
    path("orgs/<int:pk>/accounts/", views_accounts.org_accounts, name="org_accounts"),
    path("password/", views_accounts.password_change, name="password_change"),
    path("orgs/<int:pk>/roles/", views_roles.org_roles, name="org_roles"),
    path("orgs/<int:pk>/roles/add/", views_roles.role_add, name="role_add"),
    path("roles/<int:pk>/remove/", views_roles.role_remove, name="role_remove"),
]
