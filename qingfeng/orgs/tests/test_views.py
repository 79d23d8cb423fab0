"""What each role gets from every page of orgs (see qingfeng/tests/views.py for what these declarations test)."""

from qingfeng.orgs.models import Account, Member, Org, Role, Transfer
from qingfeng.tests.views import (
    ADMIN_ONLY,
    BRANCH_MANAGE,
    BRANCH_VIEW,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    POST_AFTER_LOGIN,
    ViewTestCases,
    everyone,
    url,
)


class TestOrgViews(ViewTestCases):
    """The tree, members, roster import, accounts and roles; a member has no role that reads orgs."""

    models = (Org, Member, Transfer, Role, Account)
    urls = {
        "org_tree": [url(**everyone())],  # starts at the user's own top orgs (none for a member)
        "org_children": [url("org", **BRANCH_VIEW, alice=NOT_FOUND)],
        "org_detail": [url("org", **BRANCH_VIEW, alice=NOT_FOUND)],
        "org_history": [url("org", **BRANCH_VIEW, alice=NOT_FOUND)],
        "org_create": [url("org", **ADMIN_ONLY, alice=NOT_FOUND)],
        "org_edit": [url("org", **ADMIN_ONLY, alice=NOT_FOUND)],
        "org_move": [url("org", **ADMIN_ONLY, alice=NOT_FOUND)],
        "member_create": [url("org", **BRANCH_MANAGE, alice=NOT_FOUND)],
        "roster_import": [url("org", **BRANCH_MANAGE, alice=NOT_FOUND)],
        "roster_template": [url(**everyone())],  # an empty workbook
        "member_detail": [url("member", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
        "member_edit": [url("member", **BRANCH_MANAGE, alice=(FORBIDDEN, NOT_FOUND))],
        "member_transfer": [url("member", **BRANCH_MANAGE, alice=(FORBIDDEN, NOT_FOUND))],
        "member_deactivate": [url("member", **BRANCH_MANAGE, alice=(FORBIDDEN, NOT_FOUND))],
        # the history masks phones and change reasons as the detail page does (NEVER_SHOWN checks it)
        "member_history": [url("member", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
        # 开通账号, 重置密码, 停用/启用, 解除锁定: POSTs from the member page (test_accounts.py)
        "member_account": [url("member", **POST_AFTER_LOGIN)],
        "org_accounts": [url("org", **BRANCH_MANAGE, alice=NOT_FOUND)],  # 批量开通账号
        "password_change": [url(**everyone())],
        "org_roles": [url("org", **BRANCH_MANAGE, alice=NOT_FOUND)],
        "role_add": [url("org", **BRANCH_MANAGE, alice=NOT_FOUND)],
        "role_remove": [url("role", **POST_AFTER_LOGIN)],  # test_roles.py
    }
